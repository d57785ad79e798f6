// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

/**
 * The rollup of the numeric points of one bucket. Only finite values are rolled up; NaN and infinities are kept as
 * raw points only.
 *
 * @param count how many points, at least 1
 * @param sum their sum
 * @param min the smallest
 * @param max the largest
 */
public record Aggregate(long count, double sum, double min, double max) {

    public Aggregate {
        if (count < 1) {
            throw new IllegalArgumentException("an aggregate holds at least one point, not " + count);
        }
    }

    /** @return the aggregate of the single value {@code value}. */
    public static Aggregate of(double value) {
        return new Aggregate(1, value, value, value);
    }

    /** @return the average, {@code sum / count}. */
    public double avg() {
        return sum / count;
    }

    /** @return the aggregate of the points of this one and of {@code other}. */
    public Aggregate merge(Aggregate other) {
        return new Aggregate(count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
    }

    /** @return the value of {@code aggregation} for this bucket (the count as a double). */
    public double value(Aggregation aggregation) {
        return switch (aggregation) {
        case AVG -> avg();
        case MIN -> min;
        case MAX -> max;
        case SUM -> sum;
        case COUNT -> count;
        };
    }
}
