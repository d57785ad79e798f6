// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.util.concurrent.atomic.AtomicLong;

import org.motehub.bench.stats.LatencyRecorder;

/**
 * What the fleet's firmware downloads did: each download's duration (Package URI written to image checked), the
 * bytes received, failures, and the first start and last end, for the aggregate rate.
 */
public final class FirmwareStats {

    private final LatencyRecorder downloads = new LatencyRecorder();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    void downloaded(long startedNanos, int size) {
        long now = System.nanoTime();
        downloads.successSince(startedNanos);
        bytes.addAndGet(size);
        firstStart.accumulateAndGet(startedNanos, Math::min);
        lastEnd.accumulateAndGet(now, Math::max);
    }

    void failed() {
        downloads.failureNow();
    }

    /** @return the download durations and failures. */
    public LatencyRecorder downloads() {
        return downloads;
    }

    /** @return bytes of the images received in full. */
    public long bytes() {
        return bytes.get();
    }

    /** @return nanoseconds from the first download's start to the last one's end, 0 if none finished. */
    public long spanNanos() {
        long first = firstStart.get();
        long last = lastEnd.get();
        return last == Long.MIN_VALUE ? 0 : last - first;
    }
}
