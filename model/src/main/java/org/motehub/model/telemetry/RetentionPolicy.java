// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each resolution of the time series is kept. Defaults: raw points 7 days, 1-minute buckets 30 days,
 * 5-minute 90 days, 1-hour 365 days, 1-day forever. Raw points older than their retention are refused at ingest.
 *
 * <p>Each rollup must be kept at least one day longer than the raw points and no shorter than the finer rollups:
 * then every bucket a point can still fall in is kept, and a bucket can always be rebuilt from the finer ones after
 * a crash. Immutable; made by {@link #builder()}.
 */
public final class RetentionPolicy {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])");
    private static final Duration MIN_RAW = Duration.ofHours(1);
    private static final Duration MARGIN = Duration.ofDays(1);

    private final Map<Resolution, Optional<Duration>> keep;

    private RetentionPolicy(Map<Resolution, Optional<Duration>> keep) {
        this.keep = keep;
    }

    /** @return the default policy. */
    public static RetentionPolicy defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how long {@code resolution} is kept, empty for forever. */
    public Optional<Duration> keep(Resolution resolution) {
        return keep.get(resolution);
    }

    /** @return the instant before which {@code resolution} is deleted at {@code now}, empty when kept forever. */
    public Optional<Instant> cutoff(Resolution resolution, Instant now) {
        return keep(resolution).map(now::minus);
    }

    /**
     * Parses a retention as written on the command line: {@code forever}, a number with a unit {@code s}, {@code m},
     * {@code h}, {@code d} or {@code w} (such as {@code 7d}), or an ISO-8601 duration such as {@code P7D}.
     *
     * @return the duration, empty for {@code forever}
     * @throws IllegalArgumentException if {@code text} is none of these or not positive
     */
    public static Optional<Duration> parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim().toLowerCase(Locale.ROOT);
        if (t.equals("forever")) {
            return Optional.empty();
        }
        Duration d;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text
                        + "' is not a retention such as 7d, 12h, P30D or forever");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive retention");
        }
        return Optional.of(d);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RetentionPolicy[");
        keep.forEach((r, d) -> s.append(r.label()).append('=').append(d.map(Duration::toString).orElse("forever"))
                .append(r == Resolution.DAY ? "" : ", "));
        return s.append(']').toString();
    }

    /** Collects a {@link RetentionPolicy}; unset resolutions keep their defaults. */
    public static final class Builder {

        private final Map<Resolution, Optional<Duration>> keep = new EnumMap<>(Resolution.class);

        private Builder() {
            keep.put(Resolution.RAW, Optional.of(Duration.ofDays(7)));
            keep.put(Resolution.MINUTE, Optional.of(Duration.ofDays(30)));
            keep.put(Resolution.FIVE_MINUTES, Optional.of(Duration.ofDays(90)));
            keep.put(Resolution.HOUR, Optional.of(Duration.ofDays(365)));
            keep.put(Resolution.DAY, Optional.empty());
        }

        /**
         * @param duration how long to keep {@code resolution}, empty for forever
         * @return this builder
         */
        public Builder keep(Resolution resolution, Optional<Duration> duration) {
            keep.put(Objects.requireNonNull(resolution, "resolution"), Objects.requireNonNull(duration, "duration"));
            return this;
        }

        /** @return this builder, keeping {@code resolution} for {@code duration}. */
        public Builder keep(Resolution resolution, Duration duration) {
            return keep(resolution, Optional.of(duration));
        }

        /** @return this builder, keeping {@code resolution} forever. */
        public Builder keepForever(Resolution resolution) {
            return keep(resolution, Optional.empty());
        }

        /**
         * @throws IllegalStateException naming the first resolution whose retention breaks the rules of the class
         */
        public RetentionPolicy build() {
            Optional<Duration> raw = keep.get(Resolution.RAW);
            if (raw.isPresent() && raw.get().compareTo(MIN_RAW) < 0) {
                throw new IllegalStateException("retention raw must be at least 1h, not " + raw.get());
            }
            for (Resolution r : Resolution.rollups()) {
                Optional<Duration> d = keep.get(r);
                if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
                    throw new IllegalStateException("retention " + r + " must be positive");
                }
                if (shorter(d, raw.map(x -> x.plus(MARGIN)))) {
                    throw new IllegalStateException("retention " + r + " must be at least one day longer than raw ("
                            + raw.map(x -> x.plus(MARGIN).toString()).orElse("forever") + ")");
                }
                Resolution finer = r.finer().orElseThrow();
                if (finer.isRollup() && shorter(d, keep.get(finer))) {
                    throw new IllegalStateException("retention " + r + " must not be shorter than retention " + finer);
                }
            }
            return new RetentionPolicy(new EnumMap<>(keep));
        }

        /** @return whether {@code a} is shorter than {@code b}, empty meaning forever. */
        private static boolean shorter(Optional<Duration> a, Optional<Duration> b) {
            if (a.isEmpty()) {
                return false;
            }
            return b.isEmpty() || a.get().compareTo(b.get()) < 0;
        }
    }
}
