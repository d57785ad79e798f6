// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where time series are kept: the raw points of each series (a device and an LwM2M path), the rollup rows of each
 * bucket, and a journal of one-minute buckets whose rollups may lag behind their raw points (so that they can be
 * rebuilt after a crash). Reads return points in time order. An unknown device or path reads as empty.
 *
 * <p>Times are kept to the nanosecond; a store may refuse instants that its keys cannot hold (RocksDB: 1677 to 2262)
 * with an {@link IllegalArgumentException}.
 */
public interface TelemetryStore {

    /**
     * Stores points of one device and adds minutes to the journal, in one atomic write that is durable when this
     * returns. A point at the time of a point already stored for its path replaces it.
     *
     * @param pendingMinutes {@link Resolution#MINUTE} buckets to add to the journal
     */
    void append(String endpoint, List<TelemetryPoint> points, Collection<BucketRef> pendingMinutes);

    /** @return the point of the series at exactly {@code time}. */
    Optional<TelemetryPoint> find(String endpoint, String path, Instant time);

    /** @return the latest point of the series. */
    Optional<TelemetryPoint> last(String endpoint, String path);

    /**
     * @return at most {@code max} points of the series with {@code from <= time < to}, oldest first
     */
    List<TelemetryPoint> points(String endpoint, String path, Instant from, Instant to, int max);

    /**
     * Writes complete rollup rows and removes minutes from the journal, in one atomic write.
     *
     * @param settledMinutes {@link Resolution#MINUTE} buckets to remove from the journal
     */
    void putRollups(Collection<RollupRow> rows, Collection<BucketRef> settledMinutes);

    /** @return the stored rollup of {@code bucket}. */
    Optional<Aggregate> rollup(BucketRef bucket);

    /** @return the start (epoch seconds) of the latest stored bucket of the series at {@code resolution}. */
    Optional<Long> lastRollupStart(String endpoint, String path, Resolution resolution);

    /**
     * @return at most {@code max} stored buckets of the series at {@code resolution} whose start (epoch seconds) is
     *         in {@code [fromSecond, toSecond)}, oldest first
     */
    List<Bucket> rollups(String endpoint, String path, Resolution resolution, long fromSecond, long toSecond, int max);

    /** @return every minute in the journal. */
    List<BucketRef> pendingMinutes();

    /** @return the paths the device has series for, in LwM2M order (object, instance, resource, instance). */
    List<String> paths(String endpoint);

    /** @return the devices that have a series for {@code path}, sorted. */
    List<String> endpoints(String path);

    /**
     * Retention: deletes, in every series, the raw points older than {@code cutoff} (for {@link Resolution#RAW}) or
     * the buckets of {@code resolution} that end at or before {@code cutoff}.
     */
    void expire(Resolution resolution, Instant cutoff);
}
