// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.time.Duration;
import java.util.Objects;

import org.motehub.model.PeriodicThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the registry's waiting presence changes ({@link DeviceStore#writePresence()}) every {@code interval} on the
 * thread {@code motehub-presence}, so that a storm of registrations shares its device-record writes; {@link #close()}
 * writes what is left.
 */
public final class PresenceWriter implements AutoCloseable {

    /** Default time between two writes: a crash loses at most this much presence, which start-up repairs. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(PresenceWriter.class);

    private final DeviceStore store;
    private final Duration interval;
    private final PeriodicThread thread = new PeriodicThread("motehub-presence", this::backgroundWrite);
    /** Whether the last background write failed; only the writer thread touches it. */
    private boolean failing;

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public PresenceWriter(DeviceStore store, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** Starts the background writes; does nothing if started already. */
    public void start() {
        thread.start(interval, interval);
    }

    private void backgroundWrite() {
        try {
            store.writePresence();
            if (failing) {
                failing = false;
                LOG.info("Presence changes are written again");
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per failure, not every interval
                failing = true;
                LOG.error("Writing presence changes failed; they stay in memory and are tried every [{}]", interval,
                        e);
            }
        }
    }

    /** Stops the background writes, then writes the changes still waiting; idempotent. */
    @Override
    public void close() {
        halt();
        store.writePresence();
    }

    /** Stops the background writes and leaves the waiting changes unwritten, as a crash would; idempotent. */
    public void halt() {
        thread.stop(false);
    }
}
