// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one operation at a time at a low fixed rate for a while, recording each outcome: the latency a single user
 * sees while other load runs, rather than the throughput of a saturating fan-out. When an operation takes longer
 * than its slot, the next one starts as soon as it ends.
 */
public final class PacedProbe {

    private PacedProbe() {
    }

    /**
     * @param operation starts one operation; completes with true on success
     * @param perSecond operations per second, at least 1
     * @param duration how long to probe
     * @param timeout the longest one operation is waited for (then it counts as failed)
     * @param recorder where outcomes go
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalArgumentException if {@code perSecond} is below 1
     */
    public static void run(Supplier<CompletionStage<Boolean>> operation, int perSecond, Duration duration,
            Duration timeout, LatencyRecorder recorder) throws InterruptedException {
        Objects.requireNonNull(operation, "operation");
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        long slot = 1_000_000_000L / perSecond;
        long end = System.nanoTime() + duration.toNanos();
        long next = System.nanoTime();
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long t0 = System.nanoTime();
            try {
                Boolean ok = operation.get().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (Boolean.TRUE.equals(ok)) {
                    recorder.successSince(t0);
                } else {
                    recorder.failureNow();
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                recorder.failureNow();
            }
            next += slot;
        }
    }
}
