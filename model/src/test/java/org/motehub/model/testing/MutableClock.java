// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that expiry and lifetimes are tested without sleeping.
 * Thread-safe; clocks derived with {@link #withZone(ZoneId)} share the same time.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * @return a UTC clock standing at {@code start}
     * @throws NullPointerException if {@code start} is null
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * @return a UTC clock standing at {@code start}, an ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}
     */
    public static MutableClock at(String start) {
        return at(Instant.parse(start));
    }

    /**
     * Moves the clock forward (or backward, for a negative amount).
     *
     * @return the new current instant
     * @throws NullPointerException if {@code amount} is null
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Sets the current instant.
     *
     * @throws NullPointerException if {@code instant} is null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** @return a clock in {@code zone} that shares this clock's time: advancing one advances both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
