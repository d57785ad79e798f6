// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.motehub.model.telemetry.Resolution;

/**
 * Binary, big-endian keys of the time-series column families, so that one range scan reads one series in time order:
 * <ul>
 * <li>raw point: {@code deviceId(4) pathId(4) epochNanos(8)} (16 bytes)</li>
 * <li>rollup row: {@code deviceId(4) pathId(4) resolution(1) bucketStartEpochSeconds(8)} (17 bytes)</li>
 * <li>journal entry: {@code deviceId(4) pathId(4) minuteStartEpochSeconds(8)} (16 bytes)</li>
 * </ul>
 * Signed times have their sign bit flipped, so that unsigned byte order is time order also before 1970.
 */
final class TelemetryKeys {

    static final int SERIES_LENGTH = 8;
    static final int RAW_LENGTH = 16;
    static final int ROLLUP_PREFIX_LENGTH = 9;
    static final int ROLLUP_LENGTH = 17;

    private TelemetryKeys() {
    }

    /** @return the nanoseconds since the epoch of {@code time}; throws if a long cannot hold them. */
    static long nanos(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time " + time + " is outside the range a series can hold (1677-2262)");
        }
    }

    /** @return the nanoseconds since the epoch of {@code time}, clamped to the range a long can hold. */
    static long clampedNanos(Instant time) {
        if (time.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (time.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return nanos(time);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static byte[] series(int deviceId, int pathId) {
        return ByteBuffer.allocate(SERIES_LENGTH).putInt(deviceId).putInt(pathId).array();
    }

    static byte[] raw(int deviceId, int pathId, long nanos) {
        return ByteBuffer.allocate(RAW_LENGTH).putInt(deviceId).putInt(pathId).putLong(nanos ^ Long.MIN_VALUE)
                .array();
    }

    static long rawNanos(byte[] key) {
        return ByteBuffer.wrap(key, SERIES_LENGTH, 8).getLong() ^ Long.MIN_VALUE;
    }

    static byte[] rollupPrefix(int deviceId, int pathId, Resolution resolution) {
        return ByteBuffer.allocate(ROLLUP_PREFIX_LENGTH).putInt(deviceId).putInt(pathId)
                .put((byte) resolution.ordinal()).array();
    }

    static byte[] rollup(int deviceId, int pathId, Resolution resolution, long startSecond) {
        return ByteBuffer.allocate(ROLLUP_LENGTH).putInt(deviceId).putInt(pathId).put((byte) resolution.ordinal())
                .putLong(startSecond ^ Long.MIN_VALUE).array();
    }

    static long rollupStart(byte[] key) {
        return ByteBuffer.wrap(key, ROLLUP_PREFIX_LENGTH, 8).getLong() ^ Long.MIN_VALUE;
    }

    static byte[] journal(int deviceId, int pathId, long minuteSecond) {
        return raw(deviceId, pathId, minuteSecond);
    }

    static int deviceId(byte[] key) {
        return ByteBuffer.wrap(key, 0, 4).getInt();
    }

    static int pathId(byte[] key) {
        return ByteBuffer.wrap(key, 4, 4).getInt();
    }

    static long journalMinute(byte[] key) {
        return rawNanos(key);
    }

    /** @return whether {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
