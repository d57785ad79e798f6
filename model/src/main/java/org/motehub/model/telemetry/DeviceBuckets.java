// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The resident rollup buckets of one device's series, behind one lock: an ingest of the device holds it from the
 * duplicate checks to the bucket updates, a flush while it writes the device's rows, a query while it copies.
 */
final class DeviceBuckets {

    private final String endpoint;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, SeriesBuckets> series = new HashMap<>();
    private boolean removed;
    private long lastUsedNanos = System.nanoTime();

    DeviceBuckets(String endpoint) {
        this.endpoint = endpoint;
    }

    String endpoint() {
        return endpoint;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** @return whether this state was dropped from memory; a caller that finds it so looks the device up again. */
    boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    /** @return the series of {@code path}, loaded by {@code load} on first use. */
    SeriesBuckets series(String path, Function<String, SeriesBuckets> load) {
        SeriesBuckets s = series.get(path);
        if (s == null) {
            s = load.apply(path);
            series.put(path, s);
        }
        return s;
    }

    /** @return the series of {@code path} if it is resident. */
    SeriesBuckets residentSeries(String path) {
        return series.get(path);
    }

    Collection<SeriesBuckets> allSeries() {
        return series.values();
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /** @return whether nothing touched the device for at least {@code idleNanos}. */
    boolean idleFor(long idleNanos) {
        return System.nanoTime() - lastUsedNanos >= idleNanos;
    }
}
