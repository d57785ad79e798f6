// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;

/** Instants as nanoseconds since the epoch in a long, which covers the years 1677 to 2262. */
final class EpochNanos {

    private static final long NANOS = 1_000_000_000L;

    private EpochNanos() {
    }

    /** @throws IllegalArgumentException if a long cannot hold {@code time} in nanoseconds */
    static long of(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time " + time + " is outside the years 1677 to 2262");
        }
    }

    /** @return whether {@link #of(Instant)} can convert {@code time}. */
    static boolean fits(Instant time) {
        long s = time.getEpochSecond();
        return s > Long.MIN_VALUE / NANOS && s < Long.MAX_VALUE / NANOS;
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }

    /** @return the first whole second not before {@code time}, so that {@code start < time} iff start < this. */
    static long secondsCeiling(Instant time) {
        return time.getNano() == 0 ? time.getEpochSecond() : time.getEpochSecond() + 1;
    }
}
