// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.motehub.model.telemetry.TelemetryListener;
import org.motehub.model.telemetry.TelemetryPoint;

/** Publishes the points of every ingest as a {@code telemetry} event; cheap on the ingesting thread. */
public final class TelemetryEvents implements TelemetryListener {

    /** The data of a {@code telemetry} event. */
    record Data(String endpoint, List<Point> points) {
    }

    /** One point of a {@code telemetry} event. */
    record Point(String path, Instant time, Object value) {
    }

    private final EventHub hub;

    /**
     * @throws NullPointerException if {@code hub} is null
     */
    public TelemetryEvents(EventHub hub) {
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    @Override
    public void ingested(String endpoint, List<TelemetryPoint> points) {
        if (hub.subscribers() == 0) {
            return;
        }
        hub.publish("telemetry", endpoint, new Data(endpoint, points.stream()
                .map(p -> new Point(p.path(), p.time(), p.value())).toList()));
    }
}
