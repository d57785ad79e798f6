// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Outcomes cut into equal time buckets from a start time: per bucket, the throughput and the latency median and 99th
 * percentile of the operations that completed in it. This is what the plot draws.
 */
public final class TimeSeries {

    /**
     * One bucket.
     *
     * @param offsetSeconds start of the bucket, seconds after the start of the series
     * @param perSecond completions per second in the bucket
     * @param medianMillis median latency in milliseconds, 0 when the bucket is empty
     * @param p99Millis 99th percentile latency in milliseconds, 0 when the bucket is empty
     */
    public record Point(double offsetSeconds, double perSecond, double medianMillis, double p99Millis) {
    }

    private final List<Point> points;

    private TimeSeries(List<Point> points) {
        this.points = List.copyOf(points);
    }

    /**
     * @param samples the outcomes
     * @param startMillis start of the series, epoch milliseconds
     * @param endMillis end of the series, epoch milliseconds
     * @param bucketMillis bucket width, at least 1
     * @return the series; outcomes outside the range are left out, and the last bucket is between half and one
     *         and a half buckets wide (its rate is scaled to its width)
     * @throws IllegalArgumentException if {@code bucketMillis} is below 1 or end is before start
     */
    public static TimeSeries of(Samples samples, long startMillis, long endMillis, long bucketMillis) {
        Objects.requireNonNull(samples, "samples");
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("bucketMillis must be at least 1");
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("end is before start");
        }
        // a remainder shorter than half a bucket joins the last bucket instead of making a nearly empty one
        int buckets = (int) Math.max(1, Math.round((double) (endMillis - startMillis) / bucketMillis));
        int[] counts = new int[buckets];
        long[] ends = samples.ends();
        for (long end : ends) {
            int b = bucketOf(end, startMillis, endMillis, bucketMillis, buckets);
            if (b >= 0) {
                counts[b]++;
            }
        }
        long[][] byBucket = new long[buckets][];
        for (int b = 0; b < buckets; b++) {
            byBucket[b] = new long[counts[b]];
        }
        int[] fill = new int[buckets];
        for (int i = 0; i < ends.length; i++) {
            int b = bucketOf(ends[i], startMillis, endMillis, bucketMillis, buckets);
            if (b >= 0) {
                byBucket[b][fill[b]++] = samples.latencies()[i];
            }
        }
        List<Point> points = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            long from = startMillis + b * bucketMillis;
            long width = Math.max(1, b == buckets - 1 ? endMillis - from : bucketMillis);
            Percentiles p = Percentiles.of(byBucket[b]);
            points.add(new Point((from - startMillis) / 1000.0, counts[b] * 1000.0 / width, p.median() / 1e6,
                    p.percentile(99) / 1e6));
        }
        return new TimeSeries(points);
    }

    /**
     * @param spanMillis how long the series lasts
     * @return a bucket width of 100 ms, 200 ms, 500 ms, 1 s, 2 s, 5 s or 10 s giving about 30 buckets
     */
    public static long bucketFor(long spanMillis) {
        long[] widths = { 100, 200, 500, 1_000, 2_000, 5_000, 10_000 };
        for (long w : widths) {
            if (spanMillis / w <= 40) {
                return w;
            }
        }
        return widths[widths.length - 1];
    }

    /** @return the series of {@code samples} from start to end, in buckets of {@link #bucketFor(long)}. */
    public static TimeSeries of(Samples samples, long startMillis, long endMillis) {
        return of(samples, startMillis, endMillis, bucketFor(endMillis - startMillis));
    }

    private static int bucketOf(long end, long start, long last, long width, int buckets) {
        if (end < start || end >= last && last > start) {
            return -1;
        }
        return (int) Math.min((end - start) / width, buckets - 1);
    }

    /** @return a series with no point. */
    public static TimeSeries empty() {
        return new TimeSeries(List.of());
    }

    /** @return the buckets in time order. */
    public List<Point> points() {
        return points;
    }
}
