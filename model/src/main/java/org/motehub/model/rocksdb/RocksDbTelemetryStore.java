// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;

import org.motehub.model.telemetry.Aggregate;
import org.motehub.model.telemetry.Bucket;
import org.motehub.model.telemetry.BucketRef;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.RollupRow;
import org.motehub.model.telemetry.TelemetryPaths;
import org.motehub.model.telemetry.TelemetryPoint;
import org.motehub.model.telemetry.TelemetryStore;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * {@link TelemetryStore} on RocksDB: raw points in {@link ColumnFamily#TELEMETRY}, rollup rows in
 * {@link ColumnFamily#ROLLUPS}, the journal in {@link ColumnFamily#ROLLUP_JOURNAL} and the dictionary of devices,
 * paths and series in {@link ColumnFamily#TELEMETRY_IDS} (see {@link TelemetryKeys} and {@link TelemetryIdTable}).
 * Retention issues one range delete per series that holds expired data.
 */
public class RocksDbTelemetryStore implements TelemetryStore {

    private static final byte[] EMPTY = new byte[0];

    private final MotehubDb db;
    private final TelemetryIdTable ids;

    /**
     * Opens the store over {@code db}, loading its dictionary.
     *
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbTelemetryStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
        this.ids = new TelemetryIdTable(db);
    }

    @Override
    public void append(String endpoint, List<TelemetryPoint> points, Collection<BucketRef> pendingMinutes) {
        if (points.isEmpty() && pendingMinutes.isEmpty()) {
            return;
        }
        Batch batch = new Batch();
        int device = ids.deviceIdFor(endpoint);
        for (TelemetryPoint p : points) {
            int path = series(device, p.path());
            batch.put(ColumnFamily.TELEMETRY, TelemetryKeys.raw(device, path, TelemetryKeys.nanos(p.time())),
                    TelemetryValueCodec.encode(p.value()));
        }
        for (BucketRef minute : pendingMinutes) {
            requireMinute(minute);
            int path = series(ids.deviceIdFor(minute.endpoint()), minute.path());
            batch.put(ColumnFamily.ROLLUP_JOURNAL, TelemetryKeys.journal(ids.deviceIdFor(minute.endpoint()), path,
                    minute.start()), EMPTY);
        }
        db.write(batch);
    }

    private int series(int device, String path) {
        int pathId = ids.pathIdFor(path);
        ids.registerSeries(device, pathId);
        return pathId;
    }

    @Override
    public Optional<TelemetryPoint> find(String endpoint, String path, Instant time) {
        OptionalInt device = ids.deviceId(endpoint);
        OptionalInt pathId = ids.pathId(path);
        if (device.isEmpty() || pathId.isEmpty()) {
            return Optional.empty();
        }
        byte[] value = db.get(ColumnFamily.TELEMETRY,
                TelemetryKeys.raw(device.getAsInt(), pathId.getAsInt(), TelemetryKeys.nanos(time)));
        return Optional.ofNullable(value).map(v -> new TelemetryPoint(path, time, TelemetryValueCodec.decode(v)));
    }

    @Override
    public Optional<TelemetryPoint> last(String endpoint, String path) {
        OptionalInt device = ids.deviceId(endpoint);
        OptionalInt pathId = ids.pathId(path);
        if (device.isEmpty() || pathId.isEmpty()) {
            return Optional.empty();
        }
        byte[] prefix = TelemetryKeys.series(device.getAsInt(), pathId.getAsInt());
        try (RocksIterator it = db.iterator(ColumnFamily.TELEMETRY)) {
            it.seekForPrev(TelemetryKeys.raw(device.getAsInt(), pathId.getAsInt(), Long.MAX_VALUE));
            if (it.isValid() && TelemetryKeys.startsWith(it.key(), prefix)) {
                return Optional.of(new TelemetryPoint(path, TelemetryKeys.instant(TelemetryKeys.rawNanos(it.key())),
                        TelemetryValueCodec.decode(it.value())));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<TelemetryPoint> points(String endpoint, String path, Instant from, Instant to, int max) {
        OptionalInt device = ids.deviceId(endpoint);
        OptionalInt pathId = ids.pathId(path);
        List<TelemetryPoint> result = new ArrayList<>();
        if (device.isEmpty() || pathId.isEmpty() || !from.isBefore(to) || max <= 0) {
            return result;
        }
        int d = device.getAsInt();
        int p = pathId.getAsInt();
        scan(ColumnFamily.TELEMETRY, TelemetryKeys.raw(d, p, TelemetryKeys.clampedNanos(from)),
                TelemetryKeys.raw(d, p, TelemetryKeys.clampedNanos(to)), max,
                (k, v) -> result.add(new TelemetryPoint(path, TelemetryKeys.instant(TelemetryKeys.rawNanos(k)),
                        TelemetryValueCodec.decode(v))));
        return result;
    }

    @Override
    public void putRollups(Collection<RollupRow> rows, Collection<BucketRef> settledMinutes) {
        if (rows.isEmpty() && settledMinutes.isEmpty()) {
            return;
        }
        Batch batch = new Batch();
        for (RollupRow row : rows) {
            BucketRef b = row.bucket();
            int device = ids.deviceIdFor(b.endpoint());
            batch.put(ColumnFamily.ROLLUPS, TelemetryKeys.rollup(device, series(device, b.path()), b.resolution(),
                    b.start()), TelemetryValueCodec.encodeAggregate(row.aggregate()));
        }
        for (BucketRef minute : settledMinutes) {
            requireMinute(minute);
            OptionalInt device = ids.deviceId(minute.endpoint());
            OptionalInt path = ids.pathId(minute.path());
            if (device.isPresent() && path.isPresent()) {
                batch.delete(ColumnFamily.ROLLUP_JOURNAL,
                        TelemetryKeys.journal(device.getAsInt(), path.getAsInt(), minute.start()));
            }
        }
        db.write(batch);
    }

    @Override
    public Optional<Aggregate> rollup(BucketRef bucket) {
        OptionalInt device = ids.deviceId(bucket.endpoint());
        OptionalInt path = ids.pathId(bucket.path());
        if (device.isEmpty() || path.isEmpty()) {
            return Optional.empty();
        }
        byte[] value = db.get(ColumnFamily.ROLLUPS,
                TelemetryKeys.rollup(device.getAsInt(), path.getAsInt(), bucket.resolution(), bucket.start()));
        return Optional.ofNullable(value).map(TelemetryValueCodec::decodeAggregate);
    }

    @Override
    public Optional<Long> lastRollupStart(String endpoint, String path, Resolution resolution) {
        requireRollup(resolution);
        OptionalInt device = ids.deviceId(endpoint);
        OptionalInt pathId = ids.pathId(path);
        if (device.isEmpty() || pathId.isEmpty()) {
            return Optional.empty();
        }
        byte[] prefix = TelemetryKeys.rollupPrefix(device.getAsInt(), pathId.getAsInt(), resolution);
        try (RocksIterator it = db.iterator(ColumnFamily.ROLLUPS)) {
            it.seekForPrev(TelemetryKeys.rollup(device.getAsInt(), pathId.getAsInt(), resolution, Long.MAX_VALUE));
            if (it.isValid() && TelemetryKeys.startsWith(it.key(), prefix)) {
                return Optional.of(TelemetryKeys.rollupStart(it.key()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Bucket> rollups(String endpoint, String path, Resolution resolution, long fromSecond, long toSecond,
            int max) {
        requireRollup(resolution);
        OptionalInt device = ids.deviceId(endpoint);
        OptionalInt pathId = ids.pathId(path);
        List<Bucket> result = new ArrayList<>();
        if (device.isEmpty() || pathId.isEmpty() || fromSecond >= toSecond || max <= 0) {
            return result;
        }
        int d = device.getAsInt();
        int p = pathId.getAsInt();
        scan(ColumnFamily.ROLLUPS, TelemetryKeys.rollup(d, p, resolution, fromSecond),
                TelemetryKeys.rollup(d, p, resolution, toSecond), max,
                (k, v) -> result.add(new Bucket(Instant.ofEpochSecond(TelemetryKeys.rollupStart(k)),
                        TelemetryValueCodec.decodeAggregate(v))));
        return result;
    }

    @Override
    public List<BucketRef> pendingMinutes() {
        List<BucketRef> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.ROLLUP_JOURNAL)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                String endpoint = ids.endpoint(TelemetryKeys.deviceId(k));
                String path = ids.path(TelemetryKeys.pathId(k));
                if (endpoint != null && path != null) {
                    result.add(new BucketRef(endpoint, path, Resolution.MINUTE, TelemetryKeys.journalMinute(k)));
                }
            }
        }
        return result;
    }

    @Override
    public List<String> paths(String endpoint) {
        OptionalInt device = ids.deviceId(endpoint);
        if (device.isEmpty()) {
            return List.of();
        }
        return ids.pathsOf(device.getAsInt()).stream().map(ids::path).sorted(TelemetryPaths.ORDER).toList();
    }

    @Override
    public List<String> endpoints(String path) {
        OptionalInt pathId = ids.pathId(path);
        if (pathId.isEmpty()) {
            return List.of();
        }
        return ids.devicesOf(pathId.getAsInt()).stream().map(ids::endpoint).sorted().toList();
    }

    @Override
    public void expire(Resolution resolution, Instant cutoff) {
        ColumnFamily cf = resolution.isRollup() ? ColumnFamily.ROLLUPS : ColumnFamily.TELEMETRY;
        try (RocksIterator it = db.iterator(cf)) {
            for (int[] s : ids.allSeries()) {
                byte[] from;
                byte[] to;
                if (resolution.isRollup()) {
                    long endSecond = cutoff.getEpochSecond() - resolution.seconds() + 1;
                    from = TelemetryKeys.rollup(s[0], s[1], resolution, Long.MIN_VALUE);
                    to = TelemetryKeys.rollup(s[0], s[1], resolution, endSecond);
                } else {
                    from = TelemetryKeys.raw(s[0], s[1], Long.MIN_VALUE);
                    to = TelemetryKeys.raw(s[0], s[1], TelemetryKeys.clampedNanos(cutoff));
                }
                it.seek(from);
                if (it.isValid() && Arrays.compareUnsigned(it.key(), to) < 0) {
                    db.deleteRange(cf, from, to);
                }
            }
        }
    }

    /** Reads {@code [from, to)} of {@code cf} in key order, at most {@code max} entries. */
    private void scan(ColumnFamily cf, byte[] from, byte[] to, int max, BiConsumer<byte[], byte[]> row) {
        try (Slice upper = new Slice(to); ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = db.iterator(cf, options)) {
            int n = 0;
            for (it.seek(from); it.isValid() && n < max; it.next(), n++) {
                row.accept(it.key(), it.value());
            }
        }
    }

    private static void requireMinute(BucketRef bucket) {
        if (bucket.resolution() != Resolution.MINUTE) {
            throw new IllegalArgumentException("the journal holds one-minute buckets, not " + bucket.resolution());
        }
    }

    private static void requireRollup(Resolution resolution) {
        if (!resolution.isRollup()) {
            throw new IllegalArgumentException("rollups have a rollup resolution, not " + resolution);
        }
    }
}
