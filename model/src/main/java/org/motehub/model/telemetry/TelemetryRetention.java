// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.PeriodicThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces a {@link RetentionPolicy}: every {@code interval}, on the thread {@code motehub-telemetry-retention}, it
 * deletes by range the raw points and the rollup buckets each resolution no longer keeps ({@link #runOnce()} does
 * one pass at once).
 */
public final class TelemetryRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryRetention.class);

    private final TelemetryStore store;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final Duration interval;
    private final PeriodicThread thread = new PeriodicThread("motehub-telemetry-retention", this::backgroundRun);

    /**
     * @param interval the time between two passes once started
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public TelemetryRetention(TelemetryStore store, RetentionPolicy policy, Clock clock, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** @return the policy enforced. */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Deletes everything older than the policy keeps, at the clock's current time.
     *
     * @return the cutoff applied to each resolution that is not kept forever
     */
    public Map<Resolution, Instant> runOnce() {
        Instant now = clock.instant();
        Map<Resolution, Instant> cutoffs = new EnumMap<>(Resolution.class);
        long started = System.nanoTime();
        for (Resolution r : Resolution.values()) {
            Optional<Instant> cutoff = policy.cutoff(r, now);
            if (cutoff.isPresent()) {
                store.expire(r, cutoff.get());
                cutoffs.put(r, cutoff.get());
            }
        }
        LOG.debug("Telemetry retention pass in {} ms, cutoffs {}", (System.nanoTime() - started) / 1_000_000,
                cutoffs);
        return cutoffs;
    }

    /** Starts the background passes, the first one at once; does nothing if started already. */
    public void start() {
        thread.start(Duration.ZERO, interval);
    }

    private void backgroundRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Telemetry retention pass failed; it is tried again in [{}]", interval, e);
        }
    }

    /** Stops the background passes, waiting for one under way; idempotent. */
    @Override
    public void close() {
        thread.stop(true);
    }
}
