// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids: 16 hexadecimal digits whose lexicographic order is creation order (44 bits of milliseconds, 20
 * bits of sequence), so a store keyed by them lists oldest first.
 */
public final class Ids {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** @return a new id, greater than every id this instance returned before. */
    public String next() {
        long candidate = clock.millis() << 20;
        long id = last.accumulateAndGet(candidate, (prev, cand) -> cand > prev ? cand : prev + 1);
        return String.format("%016x", id);
    }
}
