// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs a task again and again, a fixed delay after each run ends: the background
 * writes of the stores (telemetry flushes and retention, presence). Stopping waits up to 30 s for a run under way.
 * Thread-safe.
 */
public final class PeriodicThread {

    /** The longest {@link #stop} waits for a run under way. */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicThread.class);

    private final String name;
    private final Runnable task;
    private ScheduledExecutorService executor;

    /**
     * @param name the thread's name, e.g. {@code motehub-presence}
     * @param task what each run does; an exception it throws ends the runs, so it catches its own
     * @throws NullPointerException if an argument is null
     */
    public PeriodicThread(String name, Runnable task) {
        this.name = Objects.requireNonNull(name, "name");
        this.task = Objects.requireNonNull(task, "task");
    }

    /**
     * Starts the thread: the first run after {@code initialDelay}, each next one {@code delay} after the previous
     * one ended. Does nothing if started already.
     *
     * @return whether this call started it
     * @throws IllegalArgumentException if {@code delay} is not positive or {@code initialDelay} is negative
     */
    public synchronized boolean start(Duration initialDelay, Duration delay) {
        if (delay.isNegative() || delay.isZero() || initialDelay.isNegative()) {
            throw new IllegalArgumentException("delay must be positive and initialDelay not negative");
        }
        if (executor != null) {
            return false;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(task, initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    /**
     * Stops the runs and waits for one under way; idempotent.
     *
     * @param interrupt whether a run under way is interrupted rather than left to finish
     */
    public synchronized void stop(boolean interrupt) {
        if (executor == null) {
            return;
        }
        if (interrupt) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Thread [{}] did not stop in {} s", name, STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }
}
