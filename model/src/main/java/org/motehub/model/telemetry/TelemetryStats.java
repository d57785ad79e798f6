// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

/**
 * Counters of the time series since start, for health and metrics.
 *
 * @param pointsStored points stored
 * @param latePoints points stored that were not later than the latest point of their series
 * @param duplicatesDropped points dropped because their series already held a value at their time
 * @param pointsRefused points refused: malformed path, older than the raw retention or too far in the future
 * @param residentDevices devices with rollup buckets in memory
 * @param dirtyDevices devices with rollup buckets not yet written
 * @param flushes rollup flushes run
 * @param rollupRowsWritten rollup rows written by flushes
 * @param recoveredMinutes one-minute buckets rebuilt from raw points at start (after a crash)
 */
public record TelemetryStats(long pointsStored, long latePoints, long duplicatesDropped, long pointsRefused,
        int residentDevices, int dirtyDevices, long flushes, long rollupRowsWritten, long recoveredMinutes) {
}
