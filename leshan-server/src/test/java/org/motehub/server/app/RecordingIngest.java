// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.motehub.model.telemetry.TelemetryIngest;
import org.motehub.model.telemetry.TelemetryPoint;

/**
 * Records every point the server ingests, in order, across restarts of the server it is wired into, and passes them
 * on to the server's own ingest.
 */
final class RecordingIngest {

    /** One ingested point of one device. */
    record Ingested(String endpoint, TelemetryPoint point) {
    }

    private final List<Ingested> points = new CopyOnWriteArrayList<>();

    /** @return an ingest that records, then hands the points to {@code next}. */
    TelemetryIngest wrap(TelemetryIngest next) {
        return (endpoint, batch) -> {
            batch.forEach(p -> points.add(new Ingested(endpoint, p)));
            next.ingest(endpoint, batch);
        };
    }

    /** @return every point of {@code endpoint} so far. */
    List<TelemetryPoint> of(String endpoint) {
        return points.stream().filter(i -> i.endpoint().equals(endpoint)).map(Ingested::point).toList();
    }

    /** @return the points of {@code endpoint} at {@code path} so far. */
    List<TelemetryPoint> of(String endpoint, String path) {
        return of(endpoint).stream().filter(p -> p.path().equals(path)).toList();
    }

    /** @return the values of {@code endpoint} at {@code path} so far. */
    List<Object> values(String endpoint, String path) {
        return of(endpoint, path).stream().map(TelemetryPoint::value).toList();
    }
}
