// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link TelemetryStore} that counts the calls of the hot path before handing them to another store. */
final class CountingStore implements TelemetryStore {

    private final TelemetryStore store;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong rollupReads = new AtomicLong();
    private final AtomicLong pointLookups = new AtomicLong();

    CountingStore(TelemetryStore store) {
        this.store = store;
    }

    long appends() {
        return appends.get();
    }

    long rollupReads() {
        return rollupReads.get();
    }

    long pointLookups() {
        return pointLookups.get();
    }

    @Override
    public void append(String endpoint, List<TelemetryPoint> points, Collection<BucketRef> pendingMinutes) {
        appends.incrementAndGet();
        store.append(endpoint, points, pendingMinutes);
    }

    @Override
    public Optional<TelemetryPoint> find(String endpoint, String path, Instant time) {
        pointLookups.incrementAndGet();
        return store.find(endpoint, path, time);
    }

    @Override
    public Optional<TelemetryPoint> last(String endpoint, String path) {
        return store.last(endpoint, path);
    }

    @Override
    public List<TelemetryPoint> points(String endpoint, String path, Instant from, Instant to, int max) {
        return store.points(endpoint, path, from, to, max);
    }

    @Override
    public void putRollups(Collection<RollupRow> rows, Collection<BucketRef> settledMinutes) {
        store.putRollups(rows, settledMinutes);
    }

    @Override
    public Optional<Aggregate> rollup(BucketRef bucket) {
        rollupReads.incrementAndGet();
        return store.rollup(bucket);
    }

    @Override
    public Optional<Long> lastRollupStart(String endpoint, String path, Resolution resolution) {
        return store.lastRollupStart(endpoint, path, resolution);
    }

    @Override
    public List<Bucket> rollups(String endpoint, String path, Resolution resolution, long fromSecond, long toSecond,
            int max) {
        return store.rollups(endpoint, path, resolution, fromSecond, toSecond, max);
    }

    @Override
    public List<BucketRef> pendingMinutes() {
        return store.pendingMinutes();
    }

    @Override
    public List<String> paths(String endpoint) {
        return store.paths(endpoint);
    }

    @Override
    public List<String> endpoints(String path) {
        return store.endpoints(path);
    }

    @Override
    public void expire(Resolution resolution, Instant cutoff) {
        store.expire(resolution, cutoff);
    }
}
