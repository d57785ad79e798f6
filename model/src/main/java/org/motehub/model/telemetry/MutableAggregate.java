// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

/** An aggregate being built: empty at first, then count, sum, min and max of the values added. Not thread-safe. */
final class MutableAggregate {

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    void merge(Aggregate a) {
        count += a.count();
        sum += a.sum();
        min = Math.min(min, a.min());
        max = Math.max(max, a.max());
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** @throws IllegalStateException if nothing was added */
    Aggregate toAggregate() {
        if (count == 0) {
            throw new IllegalStateException("empty aggregate");
        }
        return new Aggregate(count, sum, min, max);
    }
}
