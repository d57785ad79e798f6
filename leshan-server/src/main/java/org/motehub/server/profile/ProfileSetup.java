// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttribute;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.CancelCompositeObservationRequest;
import org.eclipse.leshan.core.request.CancelObservationRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ObserveCompositeRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.InvalidResponseException;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.request.exception.RequestRejectedException;
import org.eclipse.leshan.core.request.exception.SendFailedException;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.request.exception.UnconnectedPeerException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.PathProblem;
import org.motehub.server.dispatch.ResponseJson;
import org.motehub.server.telemetry.TelemetryCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out an {@link ObservationPlan} on one device, one request at a time and without blocking any thread: for
 * each path, Write-Attributes when it has attributes, then Observe (or one Observe-Composite for all). The values of
 * each observe answer are stored like notifications. A path the device lacks (4.04) or refuses is returned as a
 * {@link PathProblem}; a device that does not answer, sleeps or drops off stops the run without a problem, so that
 * its next update tries again.
 */
final class ProfileSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileSetup.class);

    /** The outcome of a run: the problems found, and whether the device stopped answering before the end. */
    record Outcome(List<PathProblem> problems, boolean interrupted) {
    }

    /** Carries the error that ends a run through the rest of the chain. */
    private static final class StopRun extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRun(Throwable cause) {
            super(cause);
        }
    }

    private final LeshanServer server;
    private final TelemetryCollector collector;
    private final ObservationFreshness freshness;
    private final Clock clock;
    private final long timeoutMs;
    private final Executor executor;

    ProfileSetup(LeshanServer server, TelemetryCollector collector, ObservationFreshness freshness, Clock clock,
            long timeoutMs, Executor executor) {
        this.server = Objects.requireNonNull(server, "server");
        this.collector = Objects.requireNonNull(collector, "collector");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeoutMs = timeoutMs;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs the plan; the future completes (never exceptionally for device errors) when the device is done. */
    CompletableFuture<Outcome> run(Registration reg, ObservationPlan plan, ContentFormat singleFormat,
            ContentFormat compositeFormat) {
        List<PathProblem> problems = new ArrayList<>(plan.skipped());
        CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
        for (Observation o : plan.cancel()) {
            chain = chain.thenComposeAsync(go -> go ? cancel(reg, o) : CompletableFuture.completedFuture(false),
                    executor);
        }
        if (plan.lifetime() != null) {
            chain = chain.thenComposeAsync(go -> go ? writeLifetime(reg, plan.lifetime(), problems)
                    : CompletableFuture.completedFuture(false), executor);
        }
        if (!plan.composite().isEmpty()) {
            chain = chain.thenComposeAsync(go -> go ? composite(reg, plan, compositeFormat, singleFormat, problems)
                    : CompletableFuture.completedFuture(false), executor);
        }
        for (ObservedPath p : plan.single()) {
            chain = chain.thenComposeAsync(go -> go ? single(reg, p, plan.tag(), singleFormat, problems, true)
                    : CompletableFuture.completedFuture(false), executor);
        }
        return chain.handle((completed, error) -> {
            boolean done = error == null ? Boolean.TRUE.equals(completed) : stopped(reg, error);
            synchronized (problems) {
                return new Outcome(List.copyOf(problems), !done);
            }
        });
    }

    /**
     * Cancels an observation on the device (a GET or FETCH with Observe=1 and its token: the device drops that
     * relation, if it still has it, and answers the current value), then forgets it in Leshan's store.
     */
    private CompletableFuture<Boolean> cancel(Registration reg, Observation o) {
        DownlinkRequest<? extends LwM2mResponse> request = o instanceof CompositeObservation c
                ? new CancelCompositeObservationRequest(c)
                : new CancelObservationRequest((SingleObservation) o);
        return send(reg, request).handle((r, error) -> {
            server.getObservationService().cancelObservation(o);
            if (error != null && !(unwrap(error) instanceof InvalidResponseException)) {
                return stopped(reg, error);
            }
            LOG.debug("Device [{}]: observation [{}] cancelled ({})", reg.getEndpoint(), o, r == null ? "undecodable"
                    : r.getCode());
            return true;
        });
    }

    /** Writes the profile's lifetime to the device's Server object; the device then updates its registration. */
    private CompletableFuture<Boolean> writeLifetime(Registration reg, ObservationPlan.LifetimeWrite lifetime,
            List<PathProblem> problems) {
        LwM2mPath p = new LwM2mPath(lifetime.path());
        return send(reg, new WriteRequest(p.getObjectId(), p.getObjectInstanceId(), p.getResourceId(),
                lifetime.seconds())).thenApply(r -> {
                    if (r.isSuccess()) {
                        LOG.debug("Device [{}]: lifetime set to {} s", reg.getEndpoint(), lifetime.seconds());
                    } else {
                        refused(reg, lifetime.path(), "WRITE", r, problems);
                    }
                    return true;
                }).exceptionally(e -> stopped(reg, e));
    }

    private CompletableFuture<Boolean> composite(Registration reg, ObservationPlan plan, ContentFormat format,
            ContentFormat singleFormat, List<PathProblem> problems) {
        List<ObservedPath> accepted = new ArrayList<>();
        CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
        for (ObservedPath p : plan.composite()) {
            chain = chain.thenComposeAsync(go -> !go ? CompletableFuture.completedFuture(false)
                    : writeAttributes(reg, p, problems).thenApply(ok -> {
                        if (ok) {
                            accepted.add(p);
                        }
                        return true;
                    }), executor);
        }
        return chain.thenComposeAsync(go -> {
            if (!go || accepted.isEmpty()) {
                return CompletableFuture.completedFuture(go);
            }
            List<LwM2mPath> paths = accepted.stream().map(p -> new LwM2mPath(p.path())).toList();
            return send(reg, new ObserveCompositeRequest(format, format, paths)).thenComposeAsync(r -> {
                if (r.isSuccess()) {
                    freshness.established(r.getObservation(), plan.tag());
                    collector.observed(reg, r);
                    LOG.debug("Device [{}] observes {} in one composite observation", reg.getEndpoint(), paths);
                    return CompletableFuture.completedFuture(true);
                }
                LOG.debug("Device [{}] answered [{}] to an Observe-Composite; observing each path instead",
                        reg.getEndpoint(), r.getCode());
                CompletableFuture<Boolean> each = CompletableFuture.completedFuture(true);
                for (ObservedPath p : accepted) {
                    each = each.thenComposeAsync(ok -> ok ? single(reg, p, plan.tag(), singleFormat, problems, false)
                            : CompletableFuture.completedFuture(false), executor);
                }
                return each;
            }, executor);
        }, executor).exceptionally(e -> stopped(reg, e));
    }

    /** Write-Attributes if needed, then Observe; completes false when the device stopped answering. */
    private CompletableFuture<Boolean> single(Registration reg, ObservedPath p, String tag, ContentFormat format,
            List<PathProblem> problems, boolean withAttributes) {
        CompletableFuture<Boolean> attributes = withAttributes ? writeAttributes(reg, p, problems)
                : CompletableFuture.completedFuture(true);
        return attributes.thenComposeAsync(ok -> ok ? observe(reg, p, tag, format, problems)
                : CompletableFuture.completedFuture(true), executor).exceptionally(e -> stopped(reg, e));
    }

    private CompletableFuture<Boolean> observe(Registration reg, ObservedPath p, String tag, ContentFormat format,
            List<PathProblem> problems) {
        ObserveRequest request = new ObserveRequest(format, p.path(), Map.of(ObservationFreshness.TAG_KEY, tag));
        return send(reg, request).thenComposeAsync(r -> {
            if (r.isSuccess()) {
                freshness.established(r.getObservation(), tag);
                collector.observed(reg, new LwM2mPath(p.path()), r);
                LOG.debug("Device [{}] observes [{}]", reg.getEndpoint(), p.path());
                return CompletableFuture.completedFuture(true);
            }
            if (r.getCode().equals(ResponseCode.NOT_ACCEPTABLE) && format != null) {
                LOG.debug("Device [{}] refused [{}] for [{}]; observing in its default format", reg.getEndpoint(),
                        format, p.path());
                return observe(reg, p, tag, null, problems);
            }
            refused(reg, p.path(), "OBSERVE", r, problems);
            return CompletableFuture.completedFuture(true);
        }, executor).exceptionally(e -> undecodable(reg, p.path(), "OBSERVE", e, problems));
    }

    /** @return a future of whether the path may be observed (no attributes, or the device accepted them). */
    private CompletableFuture<Boolean> writeAttributes(Registration reg, ObservedPath p, List<PathProblem> problems) {
        if (!p.hasAttributes()) {
            return CompletableFuture.completedFuture(true);
        }
        WriteAttributesRequest request = new WriteAttributesRequest(p.path(), attributesOf(p));
        return send(reg, request).thenApply(r -> {
            if (r.isSuccess()) {
                return true;
            }
            refused(reg, p.path(), "WRITE_ATTRIBUTES", r, problems);
            return false;
        });
    }

    static LwM2mAttributeSet attributesOf(ObservedPath p) {
        List<LwM2mAttribute<?>> attributes = new ArrayList<>();
        if (p.pmin() != null) {
            attributes.add(LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, p.pmin()));
        }
        if (p.pmax() != null) {
            attributes.add(LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, p.pmax()));
        }
        if (p.gt() != null) {
            attributes.add(LwM2mAttributes.create(LwM2mAttributes.GREATER_THAN, p.gt()));
        }
        if (p.lt() != null) {
            attributes.add(LwM2mAttributes.create(LwM2mAttributes.LESSER_THAN, p.lt()));
        }
        if (p.st() != null) {
            attributes.add(LwM2mAttributes.create(LwM2mAttributes.STEP, p.st()));
        }
        return new LwM2mAttributeSet(attributes);
    }

    private void refused(Registration reg, String path, String operation, LwM2mResponse r,
            List<PathProblem> problems) {
        String code = ResponseJson.coapCode(r.getCode());
        String message = r.getErrorMessage() == null || r.getErrorMessage().isBlank() ? ""
                : ": " + r.getErrorMessage();
        LOG.debug("Device [{}] answered [{}] to {} [{}]; the path is skipped until it registers again",
                reg.getEndpoint(), code, operation, path);
        synchronized (problems) {
            problems.add(new PathProblem(path, operation, code, "the device answered " + code + " "
                    + r.getCode().getName() + message, clock.instant()));
        }
    }

    /** An answer that could not be decoded is a problem of that path; anything else stops the run. */
    private boolean undecodable(Registration reg, String path, String operation, Throwable e,
            List<PathProblem> problems) {
        Throwable cause = unwrap(e);
        if (!(cause instanceof InvalidResponseException)) {
            throw new StopRun(cause);
        }
        LOG.debug("Device [{}] answered {} [{}] with an undecodable payload", reg.getEndpoint(), operation, path,
                cause);
        synchronized (problems) {
            problems.add(new PathProblem(path, operation, null, "the device's answer could not be decoded: "
                    + cause.getMessage(), clock.instant()));
        }
        return true;
    }

    /** Ends a run on an error: expected when the device is unreachable, a bug otherwise. */
    private boolean stopped(Registration reg, Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof ClientSleepingException || cause instanceof TimeoutException
                || cause instanceof SendFailedException || cause instanceof RequestCanceledException
                || cause instanceof RequestRejectedException || cause instanceof UnconnectedPeerException) {
            LOG.debug("Device [{}] is unreachable ({}); its observations are set up on its next update",
                    reg.getEndpoint(), cause.toString());
        } else if (cause instanceof RejectedExecutionException) {
            LOG.debug("Setting up the observations of device [{}] stopped with the server", reg.getEndpoint());
        } else if (cause instanceof InvalidResponseException) {
            LOG.debug("Device [{}] answered with an undecodable payload; its observations are set up on its next "
                    + "update", reg.getEndpoint(), cause);
        } else {
            LOG.error("Setting up the observations of device [{}] failed", reg.getEndpoint(), cause);
        }
        return false;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof StopRun) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private <T extends LwM2mResponse> CompletableFuture<T> send(Registration reg, DownlinkRequest<T> request) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            server.send(reg, request, timeoutMs, answer::complete, answer::completeExceptionally);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }
}
