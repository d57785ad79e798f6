// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import java.time.Clock;
import java.util.Objects;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every notification (single or composite, with or without SenML timestamps) and every LwM2M 1.1 Send into
 * telemetry points, for any resource, whether or not a profile observes it, and queues them for storing. A payload
 * that cannot be decoded or used (wrong content format, broken CBOR, a value of the wrong type) is logged at debug
 * with the device's endpoint and counted on the device; it affects nothing else.
 * <p>
 * Leshan calls it on its protocol threads: it only converts in memory and queues.
 */
public class TelemetryCollector implements ObservationListener, SendListener {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryCollector.class);

    private final IngestQueue queue;
    private final TelemetryStatusRecorder status;
    private final Clock clock;

    /**
     * @throws NullPointerException if an argument is null
     */
    public TelemetryCollector(IngestQueue queue, TelemetryStatusRecorder status, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        observed(registration, observation.getPath(), response);
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration,
            ObserveCompositeResponse response) {
        observed(registration, response);
    }

    /** Stores the values of an observe answer or notification of the node at {@code path}. */
    public void observed(Registration registration, LwM2mPath path, ObserveResponse response) {
        if (!response.isSuccess()) {
            LOG.debug("Device [{}] ended its observation of [{}] with [{}]", registration.getEndpoint(), path,
                    response.getCode());
            return;
        }
        TelemetryPoints points = new TelemetryPoints(clock.instant());
        if (response.getTimestampedLwM2mNodes() != null) {
            points.add(path, response.getTimestampedLwM2mNodes());
        } else {
            points.add(path, response.getContent());
        }
        deliver(registration.getEndpoint(), points, "notification of " + path);
    }

    /** Stores the values of an observe-composite answer or notification. */
    public void observed(Registration registration, ObserveCompositeResponse response) {
        if (!response.isSuccess()) {
            LOG.debug("Device [{}] ended a composite observation with [{}]", registration.getEndpoint(),
                    response.getCode());
            return;
        }
        TelemetryPoints points = new TelemetryPoints(clock.instant());
        if (response.getTimestampedLwM2mNodes() != null) {
            points.add(response.getTimestampedLwM2mNodes());
        } else {
            points.add(response.getContent());
        }
        deliver(registration.getEndpoint(), points, "composite notification");
    }

    @Override
    public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
        deliver(registration.getEndpoint(), new TelemetryPoints(clock.instant()).add(data), "Send");
    }

    private void deliver(String endpoint, TelemetryPoints points, String what) {
        if (!points.problems().isEmpty()) {
            LOG.debug("Device [{}] sent unusable values in a {}: {}", endpoint, what, points.problems());
            status.rejected(endpoint, "unusable value in a " + what + ": " + points.problems().get(0));
        }
        LOG.trace("Device [{}] reported {} values in a {}", endpoint, points.points().size(), what);
        queue.submit(endpoint, points.points());
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
        rejected(registration, "notification", error);
    }

    @Override
    public void onError(Registration registration, String errorMessage, Exception error) {
        rejected(registration, "Send", error != null ? error : new IllegalArgumentException(errorMessage));
    }

    private void rejected(Registration registration, String what, Exception error) {
        if (registration == null) {
            LOG.debug("A {} from an unknown registration was rejected", what, error);
            return;
        }
        String reason = what + " rejected: " + reasonOf(error);
        LOG.debug("Device [{}] sent a {} that was rejected", registration.getEndpoint(), what, error);
        status.rejected(registration.getEndpoint(), reason);
    }

    /** @return the message of the exception and its causes, which name what was wrong (format, CBOR, type). */
    static String reasonOf(Throwable error) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = error; t != null && reason.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
                if (reason.length() > 0) {
                    reason.append(": ");
                }
                reason.append(message.strip());
            }
        }
        String text = reason.length() == 0 ? error.getClass().getSimpleName() : reason.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public void newObservation(Observation observation, Registration registration) {
        // values come with the answer and the notifications
    }

    @Override
    public void cancelled(Observation observation) {
        // nothing queued belongs to an observation
    }
}
