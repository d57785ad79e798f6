// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs one asynchronous operation per target with at most {@code concurrency} in flight (a closed loop), and records
 * each outcome exactly once: success when the operation completes with {@code true}; failure when it completes with
 * {@code false}, fails, or is not finished at the deadline.
 */
public final class FanOut {

    private FanOut() {
    }

    /**
     * @param targets what to run the operation on, in order
     * @param operation starts the operation on one target
     * @param concurrency most operations in flight, at least 1
     * @param deadline the longest the whole fan-out may take; targets not started by then count as failures
     * @param recorder where outcomes go
     * @return whether every operation finished before the deadline
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalArgumentException if {@code concurrency} is below 1
     */
    public static <T> boolean run(List<T> targets, Function<T, CompletionStage<Boolean>> operation, int concurrency,
            Duration deadline, LatencyRecorder recorder) throws InterruptedException {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(recorder, "recorder");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        long end = System.nanoTime() + deadline.toNanos();
        Semaphore permits = new Semaphore(concurrency);
        Set<AtomicBoolean> inFlight = ConcurrentHashMap.newKeySet();
        int started = 0;
        for (T target : targets) {
            if (!permits.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            started++;
            AtomicBoolean settled = new AtomicBoolean();
            inFlight.add(settled);
            long t0 = System.nanoTime();
            CompletionStage<Boolean> stage;
            try {
                stage = operation.apply(target);
            } catch (RuntimeException e) {
                settle(settled, inFlight, permits, () -> recorder.failureNow());
                continue;
            }
            stage.whenComplete((ok, error) -> settle(settled, inFlight, permits, () -> {
                if (error == null && Boolean.TRUE.equals(ok)) {
                    recorder.successSince(t0);
                } else {
                    recorder.failureNow();
                }
            }));
        }
        boolean allDone = permits.tryAcquire(concurrency, Math.max(0, end - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        for (AtomicBoolean settled : inFlight) {
            if (settled.compareAndSet(false, true)) {
                recorder.failureNow();
            }
        }
        for (int i = started; i < targets.size(); i++) {
            recorder.failureNow();
        }
        return allDone && started == targets.size();
    }

    private static void settle(AtomicBoolean settled, Set<AtomicBoolean> inFlight, Semaphore permits,
            Runnable record) {
        if (settled.compareAndSet(false, true)) {
            record.run();
        }
        inFlight.remove(settled);
        permits.release();
    }
}
