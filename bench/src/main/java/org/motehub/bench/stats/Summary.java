// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.time.Duration;
import java.util.Objects;

/**
 * The headline figures of one scenario on one server: how many operations succeeded and failed, at what rate, and
 * their latency median, 99th percentile and maximum.
 *
 * @param count successes
 * @param failures failures
 * @param elapsed the time the operations took, first start to last end
 * @param medianNanos median latency
 * @param p99Nanos 99th percentile latency (nearest rank)
 * @param maxNanos largest latency
 */
public record Summary(int count, int failures, Duration elapsed, long medianNanos, long p99Nanos, long maxNanos) {

    /**
     * @throws NullPointerException if {@code elapsed} is null
     */
    public Summary {
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * @param samples the outcomes
     * @param elapsed the time they took
     * @return their summary
     */
    public static Summary of(Samples samples, Duration elapsed) {
        Percentiles p = samples.percentiles();
        return new Summary(samples.successes(), samples.failures(), elapsed, p.median(), p.percentile(99), p.max());
    }

    /** @return successes per second over {@link #elapsed()}, 0 when no time elapsed. */
    public double ratePerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** @return the median latency in milliseconds. */
    public double medianMillis() {
        return medianNanos / 1e6;
    }

    /** @return the 99th percentile latency in milliseconds. */
    public double p99Millis() {
        return p99Nanos / 1e6;
    }
}
