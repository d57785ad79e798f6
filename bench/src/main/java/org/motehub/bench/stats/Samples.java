// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.util.Objects;

/**
 * The successes of one scenario (completion time in epoch milliseconds and latency in nanoseconds, index by index)
 * and its number of failures. Immutable by convention: the arrays are not copied and must not be changed.
 *
 * @param ends completion times of the successes, epoch milliseconds
 * @param latencies latencies of the successes, nanoseconds, same order as {@code ends}
 * @param failures how many operations failed
 */
public record Samples(long[] ends, long[] latencies, int failures) {

    /**
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the arrays differ in length or failures is negative
     */
    public Samples {
        Objects.requireNonNull(ends, "ends");
        Objects.requireNonNull(latencies, "latencies");
        if (ends.length != latencies.length) {
            throw new IllegalArgumentException("ends and latencies differ in length");
        }
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative");
        }
    }

    /** @return samples with no outcome at all. */
    public static Samples empty() {
        return new Samples(new long[0], new long[0], 0);
    }

    /** @return the number of successes. */
    public int successes() {
        return ends.length;
    }

    /** @return the percentiles of the latencies. */
    public Percentiles percentiles() {
        return Percentiles.of(latencies);
    }
}
