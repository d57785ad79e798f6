// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollup buckets of one series held in memory, guarded by its device's lock. Each resident bucket holds the
 * complete aggregate of its bucket (never a delta), so a query takes it in place of the stored row and a flush simply
 * writes it. A bucket becomes resident when a point falls in it: created empty when it is later than any bucket of
 * the series stored or resident (it cannot have stored data), otherwise loaded from the store first. After a flush,
 * only the latest bucket of each resolution stays resident; every resident one-minute bucket has a journal entry.
 */
final class SeriesBuckets {

    /** Reads the stored aggregate of a bucket. */
    @FunctionalInterface
    interface StoredRollups {
        Optional<Aggregate> read(Resolution resolution, long start);
    }

    private static final class Entry {
        final MutableAggregate aggregate = new MutableAggregate();
        boolean dirty;
    }

    private final String path;
    private long lastNanos;
    private final long[] maxBucket = new long[4];
    private final List<TreeMap<Long, Entry>> resident = new ArrayList<>(4);

    /**
     * @param lastNanos the time of the latest raw point stored, {@link Long#MIN_VALUE} if none
     * @param lastStoredBuckets the start of the latest stored bucket per rollup resolution, finest first,
     *        {@link Long#MIN_VALUE} if none
     */
    SeriesBuckets(String path, long lastNanos, long[] lastStoredBuckets) {
        this.path = path;
        this.lastNanos = lastNanos;
        System.arraycopy(lastStoredBuckets, 0, maxBucket, 0, 4);
        for (int i = 0; i < 4; i++) {
            resident.add(new TreeMap<>());
        }
    }

    String path() {
        return path;
    }

    /** @return the latest raw time this series has seen, a hint for telling new points from late ones. */
    long lastNanos() {
        return lastNanos;
    }

    void seen(long nanos) {
        lastNanos = Math.max(lastNanos, nanos);
    }

    boolean isMinuteResident(long minuteStart) {
        return resident.get(0).containsKey(minuteStart);
    }

    /**
     * Adds a numeric value at {@code epochSecond} to its bucket at every rollup resolution.
     *
     * @return how many buckets were clean and are now dirty
     */
    int add(long epochSecond, double value, StoredRollups stored) {
        int newlyDirty = 0;
        for (Resolution r : Resolution.rollups()) {
            int i = r.ordinal() - 1;
            long start = r.bucketOf(epochSecond);
            Entry e = resident.get(i).get(start);
            if (e == null) {
                e = new Entry();
                if (start <= maxBucket[i]) {
                    stored.read(r, start).ifPresent(e.aggregate::merge);
                } else {
                    maxBucket[i] = start;
                }
                resident.get(i).put(start, e);
            }
            e.aggregate.add(value);
            if (!e.dirty) {
                e.dirty = true;
                newlyDirty++;
            }
        }
        return newlyDirty;
    }

    /** Copies the resident aggregates of {@code resolution} with a start in {@code [from, to)} into {@code out}. */
    void copy(Resolution resolution, long from, long to, Map<Long, Aggregate> out) {
        if (from >= to) {
            return;
        }
        NavigableMap<Long, Entry> range = resident.get(resolution.ordinal() - 1).subMap(from, true, to, false);
        range.forEach((start, e) -> out.put(start, e.aggregate.toAggregate()));
    }

    /**
     * Lists what a flush writes: the dirty buckets as rows, and the one-minute buckets that will leave memory (every
     * one but the latest, or all with {@code evictAll}) as settled journal entries. Nothing changes until
     * {@link #flushed(boolean)}.
     */
    void collect(String endpoint, boolean evictAll, List<RollupRow> rows, List<BucketRef> settled) {
        for (Resolution r : Resolution.rollups()) {
            TreeMap<Long, Entry> map = resident.get(r.ordinal() - 1);
            Long latest = map.isEmpty() ? null : map.lastKey();
            for (Map.Entry<Long, Entry> e : map.entrySet()) {
                if (e.getValue().dirty) {
                    rows.add(new RollupRow(new BucketRef(endpoint, path, r, e.getKey()),
                            e.getValue().aggregate.toAggregate()));
                }
                if (r == Resolution.MINUTE && (evictAll || !e.getKey().equals(latest))) {
                    settled.add(new BucketRef(endpoint, path, r, e.getKey()));
                }
            }
        }
    }

    /** After the rows of {@link #collect} are stored: every bucket is clean, and the ones listed as leaving go. */
    void flushed(boolean evictAll) {
        for (TreeMap<Long, Entry> map : resident) {
            if (evictAll) {
                map.clear();
                continue;
            }
            Long latest = map.isEmpty() ? null : map.lastKey();
            for (Iterator<Map.Entry<Long, Entry>> it = map.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Long, Entry> e = it.next();
                e.getValue().dirty = false;
                if (!e.getKey().equals(latest)) {
                    it.remove();
                }
            }
        }
    }

    /** @return how many buckets are dirty. */
    int dirtyCount() {
        return resident.stream().mapToInt(m -> (int) m.values().stream().filter(e -> e.dirty).count()).sum();
    }

    @Override
    public String toString() {
        return "SeriesBuckets[" + path + ", lastNanos=" + lastNanos + ", maxBucket=" + Arrays.toString(maxBucket)
                + "]";
    }
}
