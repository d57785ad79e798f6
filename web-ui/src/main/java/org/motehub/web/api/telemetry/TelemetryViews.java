// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import java.time.Instant;
import java.util.List;

import org.motehub.model.telemetry.Aggregate;
import org.motehub.model.telemetry.Aggregation;
import org.motehub.model.telemetry.TelemetryPoint;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of the telemetry API. */
final class TelemetryViews {

    private TelemetryViews() {
    }

    /** One raw value: numbers, booleans and strings as such, times as ISO-8601 text. */
    record PointView(Instant time, Object value) {
        static PointView of(TelemetryPoint p) {
            return new PointView(p.time(), p.value());
        }
    }

    /** The latest value of one path. */
    record PathPointView(String path, Instant time, Object value) {
        static PathPointView of(TelemetryPoint p) {
            return new PathPointView(p.path(), p.time(), p.value());
        }
    }

    /** One bucket with the aggregations asked for; {@code devices} in fleet answers only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BucketView(Instant time, Integer devices, Double avg, Double min, Double max, Double sum, Long count) {
        static BucketView of(Instant time, Integer devices, Aggregate a, List<Aggregation> aggs) {
            return new BucketView(time, devices, aggs.contains(Aggregation.AVG) ? a.avg() : null,
                    aggs.contains(Aggregation.MIN) ? a.min() : null, aggs.contains(Aggregation.MAX) ? a.max() : null,
                    aggs.contains(Aggregation.SUM) ? a.sum() : null,
                    aggs.contains(Aggregation.COUNT) ? a.count() : null);
        }
    }

    /** The answer of a series query: what was asked, one page of items and the cursor of the next page. */
    record SeriesView(String endpoint, String path, String step, Instant from, Instant to, List<?> items,
            String nextCursor) {
    }

    /** The answer of a latest query. */
    record LatestView(String endpoint, List<PathPointView> items) {
    }

    /** The answer of a fleet query. */
    record FleetView(String path, String step, Instant from, Instant to, List<BucketView> items) {
    }
}
