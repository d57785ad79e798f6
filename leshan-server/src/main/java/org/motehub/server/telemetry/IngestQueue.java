// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.motehub.model.telemetry.TelemetryIngest;
import org.motehub.model.telemetry.TelemetryPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands points to the {@link TelemetryIngest} on threads of its own ({@code motehub-ingest}), so that a slow disk
 * never holds Leshan's protocol threads for long. The queue is bounded: when it is full, the submitting thread
 * stores its points itself, which slows the devices down instead of losing data or memory. {@link #stop()} drains
 * what is queued.
 */
public class IngestQueue {

    private static final Logger LOG = LoggerFactory.getLogger(IngestQueue.class);

    private final TelemetryIngest ingest;
    private final ThreadPoolExecutor executor;

    /**
     * @param threads how many threads store points concurrently
     * @param capacity how many payloads may wait before submitters store their own
     * @throws NullPointerException if {@code ingest} is null
     */
    public IngestQueue(TelemetryIngest ingest, int threads, int capacity) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        RejectedExecutionHandler whenFull = (task, pool) -> {
            if (pool.isShutdown()) {
                LOG.warn("Telemetry arrived after the ingest queue stopped and was dropped");
            } else {
                task.run();
            }
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), new NamedThreadFactory("motehub-ingest"), whenFull);
    }

    /** Queues the points of one device for storing. */
    public void submit(String endpoint, List<TelemetryPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        executor.execute(() -> store(endpoint, points));
    }

    private void store(String endpoint, List<TelemetryPoint> points) {
        try {
            ingest.ingest(endpoint, points);
        } catch (RuntimeException e) {
            LOG.error("Storing {} telemetry points of device [{}] failed", points.size(), endpoint, e);
        }
    }

    /** Drops what is queued and stops, waiting for the points being stored, as a crash would lose the queue. */
    public void abort() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores what is queued, then stops; waits at most 30 s. */
    public void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Telemetry ingest did not drain within 30 s; [{}] payloads are lost",
                        executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
