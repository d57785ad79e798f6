// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BootstrapStore} must have. Each implementation's test extends this class and supplies the
 * store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class BootstrapStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected BootstrapStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract BootstrapStore newStore();

    /** Closes the store last returned and opens a new one over the same data, as a server restart would. */
    protected abstract BootstrapStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    public void state_with_every_field_set_reads_back_equal() {
        BootstrapState state = BootstrapState.empty("dev-1").started(T0).failed("wrong key").started(T0
                .plusSeconds(1)).succeeded(T0.plusSeconds(2)).rotationRequested(T0.plusSeconds(3), "cmd-1")
                .rotationCompleted(T0.plusSeconds(4));

        store.putState(state);

        assertThat(store.findState("dev-1")).contains(state);
        assertThat(store.findState("dev-2")).isEmpty();
    }

    @Test
    public void a_state_replaces_the_previous_one() {
        store.putState(BootstrapState.empty("dev-1").started(T0));
        BootstrapState later = BootstrapState.empty("dev-1").started(T0).succeeded(T0.plusSeconds(1));

        store.putState(later);

        assertThat(store.findState("dev-1")).contains(later);
    }

    @Test
    public void profiles_are_found_by_type_and_listed_in_type_order() {
        store.putProfile(new BootstrapProfile("tracker", 7, 3600, true));
        store.putProfile(new BootstrapProfile("meter", 1, 86400, false));
        store.putProfile(new BootstrapProfile("tracker", 8, 600, false));

        assertThat(store.findProfile("tracker")).contains(new BootstrapProfile("tracker", 8, 600, false));
        assertThat(store.findProfile("valve")).isEmpty();
        assertThat(store.listProfiles()).extracting(BootstrapProfile::type).containsExactly("meter", "tracker");
    }

    @Test
    public void states_and_profiles_survive_close_and_reopen() {
        BootstrapState state = BootstrapState.empty("dev-1").refused(T0, "device is SUSPENDED");
        store.putState(state);
        store.putProfile(new BootstrapProfile("meter", 1, 86400, false));

        store = reopenStore();

        assertThat(store.findState("dev-1")).contains(state);
        assertThat(store.findProfile("meter")).isPresent();
    }
}
