// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every device's resident rollup buckets, and the flush that writes the dirty ones to the store. A flush locks a
 * group of devices, writes their rows and settles their journal entries in one atomic batch, then marks the buckets
 * clean and lets the old ones go; devices idle long enough leave memory entirely. Only one flush runs at a time, and
 * it is the only code that holds more than one device lock.
 */
final class OpenBuckets {

    /** For {@link #flush}: every device leaves memory once written. */
    static final long EVICT_ALL = -1;

    /** Rows per atomic write of a flush (a device is never split across writes). */
    static final int ROWS_PER_WRITE = 4096;

    /** What one flush did. */
    record FlushResult(int devices, int rows, int evictedDevices) {
    }

    private final Map<String, DeviceBuckets> devices = new ConcurrentHashMap<>();
    private final Set<String> dirtyDevices = ConcurrentHashMap.newKeySet();

    /** @return the device's state, created if needed, with its lock held: the caller unlocks it. */
    DeviceBuckets lock(String endpoint) {
        while (true) {
            DeviceBuckets d = devices.computeIfAbsent(endpoint, DeviceBuckets::new);
            d.lock();
            if (!d.isRemoved()) {
                return d;
            }
            d.unlock();
        }
    }

    /** Remembers that {@code device} has dirty buckets; called with its lock held. */
    void markDirty(DeviceBuckets device) {
        dirtyDevices.add(device.endpoint());
    }

    /**
     * @return the resident aggregates of one series at {@code resolution} with a start in {@code [from, to)}, by
     *         start; they replace the stored rows of the same buckets
     */
    Map<Long, Aggregate> overlay(String endpoint, String path, Resolution resolution, long from, long to) {
        Map<Long, Aggregate> out = new HashMap<>();
        DeviceBuckets d = devices.get(endpoint);
        if (d == null) {
            return out;
        }
        d.lock();
        try {
            SeriesBuckets s = d.isRemoved() ? null : d.residentSeries(path);
            if (s != null) {
                s.copy(resolution, from, to, out);
            }
        } finally {
            d.unlock();
        }
        return out;
    }

    /** @return how many devices have buckets in memory. */
    int residentDevices() {
        return devices.size();
    }

    /** @return how many devices have buckets not yet written. */
    int dirtyDevices() {
        return dirtyDevices.size();
    }

    /**
     * Writes every dirty bucket to {@code store}.
     *
     * @param idleNanos devices untouched for this long leave memory (after their rows are written); 0 keeps all,
     *        {@link #EVICT_ALL} none
     */
    synchronized FlushResult flush(TelemetryStore store, long idleNanos) {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = dirtyDevices.iterator(); it.hasNext();) {
            names.add(it.next());
            it.remove();
        }
        if (idleNanos != 0) {
            names.addAll(devices.keySet());
        }
        int rowCount = 0;
        int evicted = 0;
        List<DeviceBuckets> group = new ArrayList<>();
        List<Boolean> evict = new ArrayList<>();
        List<RollupRow> rows = new ArrayList<>();
        List<BucketRef> settled = new ArrayList<>();
        try {
            for (String name : names) {
                DeviceBuckets d = devices.get(name);
                if (d == null) {
                    continue;
                }
                d.lock();
                if (d.isRemoved()) {
                    d.unlock();
                    continue;
                }
                boolean idle = idleNanos == EVICT_ALL || idleNanos > 0 && d.idleFor(idleNanos);
                group.add(d);
                evict.add(idle);
                for (SeriesBuckets s : d.allSeries()) {
                    s.collect(name, idle, rows, settled);
                }
                if (rows.size() >= ROWS_PER_WRITE) {
                    rowCount += rows.size();
                    evicted += write(store, group, evict, rows, settled);
                }
            }
            rowCount += rows.size();
            evicted += write(store, group, evict, rows, settled);
        } catch (RuntimeException e) {
            for (DeviceBuckets d : group) {
                d.unlock();
            }
            dirtyDevices.addAll(names);
            throw e;
        }
        return new FlushResult(names.size(), rowCount, evicted);
    }

    /** Stores one group's rows atomically, then updates and unlocks the group; returns how many devices left. */
    private int write(TelemetryStore store, List<DeviceBuckets> group, List<Boolean> evict, List<RollupRow> rows,
            List<BucketRef> settled) {
        store.putRollups(rows, settled);
        int evicted = 0;
        for (int i = 0; i < group.size(); i++) {
            DeviceBuckets d = group.get(i);
            boolean idle = evict.get(i);
            for (SeriesBuckets s : d.allSeries()) {
                s.flushed(idle);
            }
            if (idle) {
                d.markRemoved();
                devices.remove(d.endpoint(), d);
                evicted++;
            }
            d.unlock();
        }
        group.clear();
        evict.clear();
        rows.clear();
        settled.clear();
        return evicted;
    }
}
