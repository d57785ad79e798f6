// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs campaigns on one scheduler thread: at start it recovers what a restart interrupted, then passes over every
 * SCHEDULED, RUNNING or PAUSED campaign at a fixed interval, and at once when a campaign has new work (started,
 * resumed, a device finished).
 */
public final class CampaignRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);

    /** The default pause between two passes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final DefaultCampaignService campaigns;
    private final Duration interval;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public CampaignRunner(DefaultCampaignService campaigns, Duration interval) {
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** Recovers interrupted campaigns, then starts the scheduler thread; idempotent. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        recover();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "campaign-runner");
            t.setDaemon(true);
            return t;
        });
        campaigns.onWork(this::wake);
        executor.scheduleWithFixedDelay(this::passSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Campaign runner started ({} campaigns active, a pass every {} ms)", campaigns.activeIds().size(),
                interval.toMillis());
    }

    /**
     * Brings device rows up to date with their updates after a restart (done by {@link #start()}; public so that a
     * test can run the steps one by one).
     */
    public void recover() {
        campaigns.recover();
    }

    /** One pass over every active campaign, on the calling thread. */
    public void runOnce() {
        for (String id : campaigns.activeIds()) {
            campaigns.advance(id);
        }
    }

    private void passSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Campaign pass failed; the next one retries", e);
        }
    }

    private void wake() {
        ScheduledExecutorService ex = executor;
        if (ex != null && wakePending.compareAndSet(false, true)) {
            try {
                ex.execute(() -> {
                    wakePending.set(false);
                    passSafely();
                });
            } catch (RuntimeException e) {
                wakePending.set(false); // stopping
            }
        }
    }

    /** Stops the scheduler thread after its current pass; updates in flight go on and are counted when it restarts. */
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        campaigns.onWork(null);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
        LOG.info("Campaign runner stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
