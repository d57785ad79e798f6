// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.List;

import org.motehub.model.InvalidInputException;
import org.motehub.model.Page;

/**
 * The time series of every device: ingest (from the LwM2M side, through {@link TelemetryIngest}), queries of one
 * series as raw points or rollup buckets, the latest value of every path of a device, aggregates across devices,
 * and listeners told of new points.
 *
 * <p>Rollups (count, sum, min, max; average derived) at 1m, 5m, 1h and 1d are maintained for numeric values. Queries
 * see every point whose ingest has returned. The stored rollup rows catch up at each {@link #flush()}, which runs in
 * the background about every second and on close.
 *
 * <p>A point at the exact time of a point already stored for its series is dropped: the first value wins. Points
 * older than the raw retention, too far in the future or with a malformed path are refused. All are counted in
 * {@link #stats()}.
 */
public interface TelemetryService extends TelemetryIngest {

    /** The most values a query without paging may return. */
    int MAX_UNPAGED = 10_000;

    /**
     * @return the raw points of {@code query} ({@link Resolution#RAW}), oldest first
     * @throws InvalidInputException naming {@code path} when the device has no series for it, {@code cursor} for
     *         a malformed cursor, or {@code limit} when an unpaged window holds more than {@link #MAX_UNPAGED} points
     * @throws IllegalArgumentException if the query's step is not raw
     */
    Page<TelemetryPoint> points(SeriesQuery query);

    /**
     * @return the rollup buckets of {@code query} (a rollup step) that hold points, oldest first
     * @throws InvalidInputException as {@link #points(SeriesQuery)} does
     * @throws IllegalArgumentException if the query's step is raw
     */
    Page<Bucket> buckets(SeriesQuery query);

    /** @return the latest point of every path of the device, in LwM2M path order; empty for an unknown device. */
    List<TelemetryPoint> latest(String endpoint);

    /** @return the paths the device has series for, in LwM2M path order. */
    List<String> paths(String endpoint);

    /**
     * @return the buckets of {@code query}, each merged across the devices that have points in it, oldest first
     * @throws InvalidInputException naming {@code path} when no device has a series for it, or {@code step} when
     *         the window holds more than {@link #MAX_UNPAGED} buckets
     */
    List<FleetBucket> fleet(FleetQuery query);

    /** Adds a listener told of the points of every ingest; see {@link TelemetryListener} for its threading. */
    void addListener(TelemetryListener listener);

    /** Removes a listener added before; does nothing for an unknown one. */
    void removeListener(TelemetryListener listener);

    /** Writes every rollup bucket changed since the last flush to the store; returns when they are stored. */
    void flush();

    /** @return counters since start. */
    TelemetryStats stats();
}
