// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The resolutions a time series is kept at: the raw points, and rollup buckets of one minute, five minutes, one hour
 * and one day, aligned on the UTC epoch (a {@link #DAY} bucket is a UTC calendar day).
 */
public enum Resolution {
    /** Every point as the device reported it. */
    RAW("raw", null),
    /** One-minute buckets. */
    MINUTE("1m", Duration.ofMinutes(1)),
    /** Five-minute buckets. */
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    /** One-hour buckets. */
    HOUR("1h", Duration.ofHours(1)),
    /** One-day (UTC) buckets. */
    DAY("1d", Duration.ofDays(1));

    private static final List<Resolution> ROLLUPS = List.of(MINUTE, FIVE_MINUTES, HOUR, DAY);

    private final String label;
    private final Duration length;

    Resolution(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** @return the rollup resolutions, finest first. */
    public static List<Resolution> rollups() {
        return ROLLUPS;
    }

    /** @return the resolution named {@code label} ({@code raw}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}). */
    public static Optional<Resolution> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.label.equals(l)).findFirst();
    }

    /** @return the name used in the REST API and on the command line, e.g. {@code 5m}. */
    public String label() {
        return label;
    }

    /** @return whether this is a rollup resolution (not {@link #RAW}). */
    public boolean isRollup() {
        return length != null;
    }

    /**
     * @return the length of one bucket
     * @throws IllegalStateException for {@link #RAW}, which has no buckets
     */
    public Duration length() {
        if (length == null) {
            throw new IllegalStateException("raw points have no bucket length");
        }
        return length;
    }

    /** @return the length of one bucket in seconds. */
    public long seconds() {
        return length().getSeconds();
    }

    /** @return the start, in epoch seconds, of the bucket holding {@code epochSecond}. */
    public long bucketOf(long epochSecond) {
        return Math.floorDiv(epochSecond, seconds()) * seconds();
    }

    /** @return the start of the bucket holding {@code time}. */
    public Instant bucketOf(Instant time) {
        return Instant.ofEpochSecond(bucketOf(time.getEpochSecond()));
    }

    /** @return the next coarser resolution, empty for {@link #DAY}. */
    public Optional<Resolution> coarser() {
        int next = ordinal() + 1;
        return next < values().length ? Optional.of(values()[next]) : Optional.empty();
    }

    /** @return the next finer resolution, empty for {@link #RAW}. */
    public Optional<Resolution> finer() {
        return ordinal() == 0 ? Optional.empty() : Optional.of(values()[ordinal() - 1]);
    }

    @Override
    public String toString() {
        return label;
    }
}
