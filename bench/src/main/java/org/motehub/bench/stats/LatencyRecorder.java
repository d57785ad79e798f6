// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.util.Arrays;

/**
 * Collects the outcome of operations from many threads: for each success its completion time (epoch milliseconds)
 * and latency (nanoseconds), for each failure its completion time. Appending takes a short lock; a benchmark
 * records at most a few hundred thousand operations, so plain growing arrays are enough.
 */
public final class LatencyRecorder {

    private long[] ends = new long[1024];
    private long[] latencies = new long[1024];
    private int size;
    private long[] errorEnds = new long[16];
    private int errors;

    /** Records a success that completed at {@code endMillis} (epoch) after {@code latencyNanos}. */
    public synchronized void success(long endMillis, long latencyNanos) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            latencies = Arrays.copyOf(latencies, size * 2);
        }
        ends[size] = endMillis;
        latencies[size] = latencyNanos;
        size++;
    }

    /** Records a failure (error answer, timeout, refused) that was seen at {@code endMillis} (epoch). */
    public synchronized void failure(long endMillis) {
        if (errors == errorEnds.length) {
            errorEnds = Arrays.copyOf(errorEnds, errors * 2);
        }
        errorEnds[errors++] = endMillis;
    }

    /** Records a success that started at {@code startNanos} ({@link System#nanoTime()}) and ended now. */
    public void successSince(long startNanos) {
        success(System.currentTimeMillis(), System.nanoTime() - startNanos);
    }

    /** Records a failure that happened now. */
    public void failureNow() {
        failure(System.currentTimeMillis());
    }

    /** @return the number of successes recorded so far. */
    public synchronized int successes() {
        return size;
    }

    /** @return the number of failures recorded so far. */
    public synchronized int failures() {
        return errors;
    }

    /**
     * @param fromMillis start of the window, epoch milliseconds, inclusive
     * @param toMillis end of the window, exclusive
     * @return the outcomes that completed inside the window
     */
    public synchronized Samples window(long fromMillis, long toMillis) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (ends[i] >= fromMillis && ends[i] < toMillis) {
                n++;
            }
        }
        long[] e = new long[n];
        long[] l = new long[n];
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (ends[i] >= fromMillis && ends[i] < toMillis) {
                e[j] = ends[i];
                l[j] = latencies[i];
                j++;
            }
        }
        int failed = 0;
        for (int i = 0; i < errors; i++) {
            if (errorEnds[i] >= fromMillis && errorEnds[i] < toMillis) {
                failed++;
            }
        }
        return new Samples(e, l, failed);
    }

    /** @return every outcome recorded so far. */
    public Samples all() {
        return window(Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
