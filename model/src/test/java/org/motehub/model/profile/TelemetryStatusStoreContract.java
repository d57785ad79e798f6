// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TelemetryStatusStore} must have. Each implementation's test extends this class and
 * supplies the store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class TelemetryStatusStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected TelemetryStatusStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract TelemetryStatusStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract TelemetryStatusStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static DeviceTelemetryStatus full(String endpoint) {
        return new DeviceTelemetryStatus(endpoint, "reg-1", "thermo", 3,
                List.of(new PathProblem("/3303/0/5701", null, null, "not in the device's object links", T0),
                        new PathProblem("/3/0/9", "OBSERVE", "4.05", "the device answered 4.05", T0.plusSeconds(1))),
                42, T0.plusSeconds(2), "broken CBOR");
    }

    @Test
    public void stored_status_reads_back_equal_with_every_field() {
        store.put(full("dev-1"));

        assertThat(store.find("dev-1")).contains(full("dev-1"));
    }

    @Test
    public void empty_status_reads_back_equal() {
        store.put(DeviceTelemetryStatus.empty("dev-1"));

        assertThat(store.find("dev-1")).contains(DeviceTelemetryStatus.empty("dev-1"));
    }

    @Test
    public void unknown_device_has_no_status() {
        store.put(full("dev-1"));

        assertThat(store.find("dev-2")).isEmpty();
    }

    @Test
    public void put_replaces_the_status_of_that_device_only() {
        store.put(full("dev-1"));
        store.put(full("dev-2"));
        DeviceTelemetryStatus next = full("dev-1").withRejection(T0.plusSeconds(9), "wrong type");

        store.put(next);

        assertThat(store.find("dev-1")).contains(next);
        assertThat(store.find("dev-1").orElseThrow().rejectedPayloads()).isEqualTo(43);
        assertThat(store.find("dev-2")).contains(full("dev-2"));
    }

    @Test
    public void status_survives_a_reopen() {
        store.put(full("dev-1"));

        store = reopenStore();

        assertThat(store.find("dev-1")).contains(full("dev-1"));
    }
}
