// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.model.device.DeviceState.ACTIVE;
import static org.motehub.model.device.DeviceState.DECOMMISSIONED;
import static org.motehub.model.device.DeviceState.PROVISIONING;
import static org.motehub.model.device.DeviceState.SUSPENDED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceStateTest {

    /**
     * The lifecycle as documented: {@code PROVISIONING -> ACTIVE -> SUSPENDED <-> ACTIVE -> DECOMMISSIONED}, and a
     * device may be decommissioned from any state but the final one. Written out here, not derived from the enum, so
     * that the enum is checked against it.
     */
    static final Set<String> ALLOWED = Set.of("PROVISIONING->ACTIVE", "PROVISIONING->DECOMMISSIONED",
            "ACTIVE->SUSPENDED", "ACTIVE->DECOMMISSIONED", "SUSPENDED->ACTIVE", "SUSPENDED->DECOMMISSIONED");

    static boolean allowed(DeviceState from, DeviceState to) {
        return ALLOWED.contains(from + "->" + to);
    }

    /** @return every (from, to) pair of states, 16 in all. */
    static Stream<Arguments> allPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (DeviceState from : DeviceState.values()) {
            for (DeviceState to : DeviceState.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allPairs")
    void can_move_to_follows_the_documented_lifecycle(DeviceState from, DeviceState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed(from, to));
        assertThat(from.next().contains(to)).isEqualTo(allowed(from, to));
    }

    @ParameterizedTest
    @EnumSource(DeviceState.class)
    void no_state_moves_to_itself_or_back_to_provisioning(DeviceState state) {
        assertThat(state.canMoveTo(state)).isFalse();
        assertThat(state.canMoveTo(PROVISIONING)).isFalse();
    }

    @Test
    void decommissioned_is_final() {
        assertThat(DECOMMISSIONED.next()).isEmpty();
    }

    @Test
    void only_provisioning_and_active_devices_may_connect() {
        assertThat(EnumSet.allOf(DeviceState.class)).filteredOn(DeviceState::mayConnect)
                .containsExactlyInAnyOrder(PROVISIONING, ACTIVE);
        assertThat(SUSPENDED.mayConnect()).isFalse();
    }
}
