// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.motehub.model.Page;
import org.motehub.model.PeriodicThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TelemetryService} on a {@link TelemetryStore}. An ingest writes the raw points (and journal entries for
 * the one-minute buckets that become resident) in one durable write, then adds numeric values to the resident
 * rollup buckets of {@link OpenBuckets}; a background thread ({@code motehub-telemetry-flush}) writes the changed
 * buckets about every second. So a point costs one raw write and no rollup read, except a late point whose bucket has
 * left memory (one read per bucket). After a crash, {@link RollupRecovery} rebuilds the journaled buckets when the
 * service is built. Ingests of one device are serialised; ingests of different devices run in parallel.
 */
public final class DefaultTelemetryService implements TelemetryService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTelemetryService.class);

    private final TelemetryStore store;
    private final Clock clock;
    private final RetentionPolicy retention;
    private final Duration flushInterval;
    private final Duration maxFuture;
    private final Duration idleAfter;
    private final OpenBuckets open = new OpenBuckets();
    private final TelemetryQueries queries;
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final long recoveredMinutes;
    private final PeriodicThread flusher = new PeriodicThread("motehub-telemetry-flush", this::backgroundFlush);
    private long lastIdleSweep = System.nanoTime();

    private DefaultTelemetryService(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.retention = b.retention;
        this.flushInterval = b.flushInterval;
        this.maxFuture = b.maxFuture;
        this.idleAfter = b.idleAfter;
        this.queries = new TelemetryQueries(store, open);
        this.recoveredMinutes = new RollupRecovery(store).run();
    }

    /** @return a builder; {@link Builder#store} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the background flush; does nothing if it runs already. */
    public synchronized void start() {
        if (flusher.start(flushInterval, flushInterval)) {
            LOG.info("Telemetry started: rollups flushed every [{}] ms, {}", flushInterval.toMillis(), retention);
        }
    }

    /**
     * Stops the background flush without writing what is in memory, as a crash would (the journal lets the next
     * start rebuild it); for tests of crash recovery.
     */
    public synchronized void halt() {
        flusher.stop(false);
    }

    /**
     * Stops the background flush and writes every changed bucket, leaving the journal empty (nothing to rebuild at
     * the next start); idempotent. The store stays open: its owner closes it.
     */
    @Override
    public synchronized void close() {
        flusher.stop(false);
        flush(OpenBuckets.EVICT_ALL);
    }

    @Override
    public void ingest(String endpoint, List<TelemetryPoint> points) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant oldest = retention.cutoff(Resolution.RAW, now).orElse(Instant.MIN);
        Instant newest = now.plus(maxFuture);
        List<TelemetryPoint> accepted = new ArrayList<>(points.size());
        DeviceBuckets device = open.lock(endpoint);
        try {
            List<BucketRef> journal = new ArrayList<>(2);
            Set<String> seen = points.size() > 1 ? new HashSet<>() : null;
            for (TelemetryPoint p : points) {
                if (!acceptable(endpoint, p, oldest, newest)) {
                    continue;
                }
                SeriesBuckets s = device.series(p.path(), path -> load(endpoint, path));
                long t = EpochNanos.of(p.time());
                String key = seen == null ? null : p.path() + '@' + t;
                if (t <= s.lastNanos()) {
                    if ((seen != null && seen.contains(key)) || store.find(endpoint, p.path(), p.time()).isPresent()) {
                        duplicates.incrementAndGet();
                        LOG.debug("Duplicate point of [{}] dropped: [{}] at [{}]", endpoint, p.path(), p.time());
                        continue;
                    }
                    late.incrementAndGet();
                }
                s.seen(t);
                if (seen != null) {
                    seen.add(key);
                }
                accepted.add(p);
                long minute = Resolution.MINUTE.bucketOf(p.time().getEpochSecond());
                BucketRef ref = new BucketRef(endpoint, p.path(), Resolution.MINUTE, minute);
                if (rollupValue(p).isPresent() && !s.isMinuteResident(minute) && !journal.contains(ref)) {
                    journal.add(ref);
                }
            }
            store.append(endpoint, accepted, journal);
            for (TelemetryPoint p : accepted) {
                OptionalDouble v = rollupValue(p);
                if (v.isPresent()) {
                    SeriesBuckets s = device.series(p.path(), path -> load(endpoint, path));
                    if (s.add(p.time().getEpochSecond(), v.getAsDouble(),
                            (r, start) -> store.rollup(new BucketRef(endpoint, p.path(), r, start))) > 0) {
                        open.markDirty(device);
                    }
                }
            }
            device.touch();
        } finally {
            device.unlock();
        }
        stored.addAndGet(accepted.size());
        if (!accepted.isEmpty()) {
            notifyListeners(endpoint, accepted);
        }
    }

    private boolean acceptable(String endpoint, TelemetryPoint p, Instant oldest, Instant newest) {
        String problem = null;
        if (!TelemetryPaths.isValid(p.path())) {
            problem = "malformed path";
        } else if (p.time().isBefore(oldest)) {
            problem = "older than the raw retention";
        } else if (p.time().isAfter(newest) || !EpochNanos.fits(p.time())) {
            problem = "too far in the future";
        }
        if (problem == null) {
            return true;
        }
        refused.incrementAndGet();
        LOG.debug("Point of [{}] refused, {}: [{}] at [{}]", endpoint, problem, p.path(), p.time());
        return false;
    }

    private SeriesBuckets load(String endpoint, String path) {
        long last = store.last(endpoint, path).map(p -> EpochNanos.of(p.time())).orElse(Long.MIN_VALUE);
        long[] buckets = new long[4];
        for (Resolution r : Resolution.rollups()) {
            buckets[r.ordinal() - 1] = store.lastRollupStart(endpoint, path, r).orElse(Long.MIN_VALUE);
        }
        return new SeriesBuckets(path, last, buckets);
    }

    /** @return the value a point adds to its rollups: numeric and finite, else none. */
    static OptionalDouble rollupValue(TelemetryPoint p) {
        if (p.value() instanceof Long l) {
            return OptionalDouble.of(l);
        }
        if (p.value() instanceof Double d && Double.isFinite(d)) {
            return OptionalDouble.of(d);
        }
        return OptionalDouble.empty();
    }

    private void notifyListeners(String endpoint, List<TelemetryPoint> points) {
        List<TelemetryPoint> view = List.copyOf(points);
        for (TelemetryListener l : listeners) {
            try {
                l.ingested(endpoint, view);
            } catch (RuntimeException e) {
                LOG.error("Telemetry listener [{}] failed on points of [{}]", l, endpoint, e);
            }
        }
    }

    @Override
    public Page<TelemetryPoint> points(SeriesQuery query) {
        return queries.points(query);
    }

    @Override
    public Page<Bucket> buckets(SeriesQuery query) {
        return queries.buckets(query);
    }

    @Override
    public List<TelemetryPoint> latest(String endpoint) {
        List<TelemetryPoint> result = new ArrayList<>();
        for (String path : store.paths(endpoint)) {
            store.last(endpoint, path).ifPresent(result::add);
        }
        return result;
    }

    @Override
    public List<String> paths(String endpoint) {
        return store.paths(endpoint);
    }

    @Override
    public List<FleetBucket> fleet(FleetQuery query) {
        return queries.fleet(query);
    }

    @Override
    public void addListener(TelemetryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(TelemetryListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void flush() {
        flush(0);
    }

    private void flush(long idleNanos) {
        OpenBuckets.FlushResult r = open.flush(store, idleNanos);
        flushes.incrementAndGet();
        rowsWritten.addAndGet(r.rows());
        if (r.rows() > 0 || r.evictedDevices() > 0) {
            LOG.trace("Flushed [{}] rollup rows of [{}] devices, [{}] devices left memory", r.rows(), r.devices(),
                    r.evictedDevices());
        }
    }

    private void backgroundFlush() {
        try {
            long now = System.nanoTime();
            boolean sweep = now - lastIdleSweep >= idleAfter.toNanos() / 2;
            flush(sweep ? idleAfter.toNanos() : 0);
            if (sweep) {
                lastIdleSweep = now;
            }
        } catch (RuntimeException e) {
            LOG.error("Rollup flush failed; the buckets stay in memory and are written at the next flush", e);
        }
    }

    @Override
    public TelemetryStats stats() {
        return new TelemetryStats(stored.get(), late.get(), duplicates.get(), refused.get(), open.residentDevices(),
                open.dirtyDevices(), flushes.get(), rowsWritten.get(), recoveredMinutes);
    }

    /** Collects the collaborators and settings of a {@link DefaultTelemetryService}. */
    public static final class Builder {

        private TelemetryStore store;
        private Clock clock = Clock.systemUTC();
        private RetentionPolicy retention = RetentionPolicy.defaults();
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration maxFuture = Duration.ofDays(1);
        private Duration idleAfter = Duration.ofMinutes(15);

        private Builder() {
        }

        /** @return this builder; the store of raw points and rollups, required */
        public Builder store(TelemetryStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @return this builder; the clock for the retention and future limits, default the system UTC clock */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return this builder; points older than its raw retention are refused, default the default policy */
        public Builder retention(RetentionPolicy retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** @return this builder; how often changed rollup buckets are written once started, default 1 s */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
            return this;
        }

        /** @return this builder; how far ahead of the clock a point may be, default 1 day */
        public Builder maxFuture(Duration maxFuture) {
            this.maxFuture = Objects.requireNonNull(maxFuture, "maxFuture");
            return this;
        }

        /** @return this builder; how long a device may be quiet before its buckets leave memory, default 15 min */
        public Builder idleAfter(Duration idleAfter) {
            this.idleAfter = Objects.requireNonNull(idleAfter, "idleAfter");
            return this;
        }

        /**
         * Builds the service, first rebuilding from raw points any rollups a crash left behind.
         *
         * @throws IllegalStateException if the store is missing or a duration is not positive
         */
        public DefaultTelemetryService build() {
            if (store == null) {
                throw new IllegalStateException("DefaultTelemetryService needs a store");
            }
            if (flushInterval.isNegative() || flushInterval.isZero() || idleAfter.isNegative() || idleAfter.isZero()
                    || maxFuture.isNegative()) {
                throw new IllegalStateException("flushInterval and idleAfter must be positive, maxFuture not negative");
            }
            return new DefaultTelemetryService(this);
        }
    }
}
