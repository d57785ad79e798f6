// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * Percentiles of a set of values by the nearest-rank method: the p-th percentile is the smallest value such that at
 * least p % of the values are less than or equal to it. No interpolation, so every result is a value that was
 * actually measured.
 */
public final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /**
     * @param values the measured values; copied, the array is not changed
     * @return the percentiles of {@code values}
     * @throws NullPointerException if {@code values} is null
     */
    public static Percentiles of(long[] values) {
        long[] copy = Objects.requireNonNull(values, "values").clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** @return the number of values. */
    public int count() {
        return sorted.length;
    }

    /**
     * @param percent between 0 (exclusive) and 100 (inclusive)
     * @return the nearest-rank percentile; 0 when there are no values
     * @throws IllegalArgumentException if {@code percent} is out of range
     */
    public long percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100], not " + percent);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** @return the median (50th percentile, nearest rank). */
    public long median() {
        return percentile(50);
    }

    /** @return the largest value, 0 when there are none. */
    public long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }
}
