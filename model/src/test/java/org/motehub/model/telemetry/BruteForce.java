// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference the rollups are checked against: buckets computed from scratch from the raw points a store holds,
 * and a comparison that allows for the order of floating-point additions in sums and averages only.
 */
final class BruteForce {

    private BruteForce() {
    }

    /** @return the buckets of the raw points of the series in {@code [from, to)} at {@code resolution}. */
    static List<Bucket> buckets(TelemetryStore store, String endpoint, String path, Resolution resolution,
            Instant from, Instant to) {
        TreeMap<Long, double[]> sums = new TreeMap<>();
        for (TelemetryPoint p : store.points(endpoint, path, from, to, Integer.MAX_VALUE)) {
            double v;
            if (p.value() instanceof Long l) {
                v = l;
            } else if (p.value() instanceof Double d && Double.isFinite(d)) {
                v = d;
            } else {
                continue;
            }
            double[] a = sums.computeIfAbsent(resolution.bucketOf(p.time().getEpochSecond()),
                    s -> new double[] { 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY });
            a[0]++;
            a[1] += v;
            a[2] = Math.min(a[2], v);
            a[3] = Math.max(a[3], v);
        }
        List<Bucket> result = new ArrayList<>();
        for (Map.Entry<Long, double[]> e : sums.entrySet()) {
            double[] a = e.getValue();
            result.add(new Bucket(Instant.ofEpochSecond(e.getKey()), new Aggregate((long) a[0], a[1], a[2], a[3])));
        }
        return result;
    }

    /** Asserts that {@code actual} has the buckets of {@code expected}, every aggregation equal. */
    static void assertSameBuckets(List<Bucket> actual, List<Bucket> expected, String what) {
        assertThat(actual).as("bucket starts of %s", what).extracting(Bucket::start)
                .containsExactlyElementsOf(expected.stream().map(Bucket::start).toList());
        for (int i = 0; i < expected.size(); i++) {
            Aggregate a = actual.get(i).aggregate();
            Aggregate e = expected.get(i).aggregate();
            String bucket = what + " at " + expected.get(i).start();
            for (Aggregation agg : Aggregation.values()) {
                double tolerance = agg == Aggregation.SUM || agg == Aggregation.AVG
                        ? 1e-9 * Math.max(1, Math.abs(e.value(agg)))
                        : 0;
                assertThat(a.value(agg)).as("%s of %s", agg, bucket).isCloseTo(e.value(agg), within(tolerance));
            }
        }
    }
}
