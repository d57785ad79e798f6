// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandListener;
import org.motehub.model.command.CommandOutcome;
import org.motehub.model.command.CommandService;
import org.motehub.model.command.CommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Executes queued commands against devices through Leshan. Each device's queue is drained in order, one request at
 * a time; a device that is offline or asleep keeps its queue until it registers, updates or wakes up. Commands cut
 * off by a restart are re-queued when they are safe to repeat, and failed otherwise. {@link #kick} runs on every
 * device contact ({@link org.motehub.server.registration.DeviceContacts}).
 */
public class CommandDispatcher implements CommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final LeshanServer server;
    private final CommandService commands;
    private final LwM2mRequests requests;
    private final long requestTimeoutMs;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
            new NamedThreadFactory("motehub-dispatch"));
    /** Drains each device's queue, one device at a time. */
    private final PerDeviceRuns draining = new PerDeviceRuns("Dispatcher", executor, this::sendNext);
    /** Records devices' answers off Californium's protocol thread; drained, never dropped, at {@link #stop()}. */
    private final ExecutorService outcomes = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("motehub-dispatch-outcome"));

    /**
     * @param requestTimeout how long the device has to answer one request
     * @throws NullPointerException if an argument is null
     */
    public CommandDispatcher(LeshanServer server, CommandService commands, LwM2mRequests requests,
            Duration requestTimeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.requestTimeoutMs = requestTimeout.toMillis();
    }

    /** Settles commands cut off by a restart, drains every reachable queue and starts the expiry sweep. */
    public void start() {
        for (Command c : commands.inFlight()) {
            if (c.type() == CommandType.EXECUTE) {
                commands.complete(c.endpoint(), c.id(), CommandOutcome.failed(null,
                        "the server restarted before the device answered; the execute may or may not have run"));
            } else {
                commands.requeue(c.endpoint(), c.id());
            }
        }
        Set<String> endpoints = new LinkedHashSet<>();
        for (Registration r : (Iterable<Registration>) () -> server.getRegistrationService().getAllRegistrations()) {
            endpoints.add(r.getEndpoint());
        }
        endpoints.forEach(this::kick);
        executor.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops sending; queued commands stay stored. */
    public void stop() {
        executor.shutdownNow();
        outcomes.shutdown(); // answers already received are still recorded
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            outcomes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expire() {
        try {
            commands.expireOverdue();
        } catch (RuntimeException e) {
            LOG.error("Command expiry sweep failed", e);
        }
    }

    /** Starts draining the device's queue unless it is already being drained or has nothing queued. */
    public void kick(String endpoint) {
        if (!commands.mayHavePending(endpoint)) {
            return; // a command queued after this look kicks the device itself
        }
        draining.request(endpoint);
    }

    private boolean reachable(Registration r) {
        return r != null && (!r.usesQueueMode() || server.getPresenceService().isClientAwake(r));
    }

    private void sendNext(String endpoint) {
        try {
            Registration registration = server.getRegistrationService().getByEndpoint(endpoint);
            List<Command> pending = reachable(registration) ? commands.pending(endpoint) : List.of();
            if (pending.isEmpty()) {
                // stop, unless a command was queued or the device woke up while we looked: then look once more
                draining.finished(endpoint);
                return;
            }
            Optional<Command> sent = commands.markSent(endpoint, pending.get(0).id());
            if (sent.isEmpty()) {
                draining.proceed(endpoint);
                return;
            }
            execute(registration, sent.get());
        } catch (RuntimeException e) {
            draining.abandon(endpoint);
            LOG.error("Dispatching to device [{}] failed", endpoint, e);
        }
    }

    private void next(String endpoint) {
        draining.proceed(endpoint);
    }

    private void execute(Registration registration, Command command) {
        String endpoint = command.endpoint();
        if (command.type() == CommandType.CANCEL_OBSERVE) {
            int cancelled = server.getObservationService().cancelObservations(registration, command.path());
            commands.complete(endpoint, command.id(), CommandOutcome.succeeded(null,
                    JsonNodeFactory.instance.objectNode().put("cancelled", cancelled)));
            next(endpoint);
            return;
        }
        DownlinkRequest<? extends LwM2mResponse> request;
        try {
            request = requests.build(registration, command);
        } catch (RuntimeException e) {
            commands.complete(endpoint, command.id(), CommandOutcome.failed(null, e.getMessage()));
            next(endpoint);
            return;
        }
        LOG.debug("Sending [{}] {} {} to device [{}]", command.id(), command.type(), command.path(), endpoint);
        try {
            sendAsync(registration, request, command);
        } catch (RuntimeException e) {
            failed(command, e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends LwM2mResponse> void sendAsync(Registration registration, DownlinkRequest<T> request,
            Command command) {
        // the outcome is written on the dispatcher's threads, not on Californium's protocol thread that delivers it
        server.send(registration, request, requestTimeoutMs, response -> onDispatchThread(command, () -> {
            commands.complete(command.endpoint(), command.id(), outcomeOf(response));
            next(command.endpoint());
        }), error -> onDispatchThread(command, () -> failed(command, error)));
    }

    /** Runs {@code work} on the outcome thread, or right here once it has stopped (the outcome is kept). */
    private void onDispatchThread(Command command, Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                draining.abandon(command.endpoint());
                LOG.error("Recording the outcome of command [{}] for device [{}] failed", command.id(),
                        command.endpoint(), e);
            }
        };
        try {
            outcomes.execute(guarded);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            guarded.run();
        }
    }

    private void failed(Command command, Exception error) {
        String endpoint = command.endpoint();
        if (error instanceof ClientSleepingException) {
            LOG.debug("Device [{}] is asleep; command [{}] stays queued", endpoint, command.id());
            commands.requeue(endpoint, command.id());
        } else if (error instanceof RequestCanceledException) {
            LOG.debug("Command [{}] for device [{}] cancelled by a server stop; it stays queued", command.id(), endpoint);
            commands.requeue(endpoint, command.id());
            draining.abandon(endpoint);
            return;
        } else if (error instanceof TimeoutException) {
            commands.complete(endpoint, command.id(), CommandOutcome.timedOut(
                    "the device did not answer within " + requestTimeoutMs + " ms"));
        } else {
            commands.complete(endpoint, command.id(), CommandOutcome.failed(null, String.valueOf(error.getMessage())));
        }
        next(endpoint);
    }

    static CommandOutcome outcomeOf(LwM2mResponse response) {
        String code = ResponseJson.coapCode(response.getCode());
        if (response.isFailure()) {
            String message = response.getErrorMessage();
            String detail = message == null || message.isBlank() ? "" : ": " + message;
            return CommandOutcome.failed(code, "the device answered " + code + " " + response.getCode().getName()
                    + detail);
        }
        if (response instanceof ObserveResponse observe) {
            return CommandOutcome.succeeded(code, ResponseJson.of(observe.getContent()));
        }
        if (response instanceof ReadResponse read) {
            return CommandOutcome.succeeded(code, ResponseJson.of(read.getContent()));
        }
        if (response instanceof DiscoverResponse discover) {
            return CommandOutcome.succeeded(code, ResponseJson.ofLinks(discover.getObjectLinks()));
        }
        return CommandOutcome.succeeded(code, null);
    }

    @Override
    public void commandQueued(Command command) {
        kick(command.endpoint());
    }
}
