// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The failure-rate selection gives exact counts, spread over the fleet.
 */
class FailureRateTest {

    @Test
    void ten_percent_of_200_devices_is_exactly_20_one_in_each_ten() {
        FailureRate rate = FailureRate.parse("0.1");

        int[] failing = IntStream.range(0, 200).filter(rate::fails).toArray();

        assertThat(failing).hasSize(20);
        assertThat(failing).startsWith(9, 19, 29).endsWith(199);
        assertThat(rate.failingAmong(200)).isEqualTo(20);
    }

    @Test
    void any_prefix_of_the_fleet_holds_floor_n_times_r_failing_devices() {
        FailureRate rate = FailureRate.parse("0.37");

        for (int n = 0; n <= 300; n++) {
            long failing = IntStream.range(0, n).filter(rate::fails).count();
            assertThat(failing).as("first %d devices", n).isEqualTo((long) Math.floor(n * 0.37 + 1e-9));
        }
    }

    @Test
    void zero_and_one_mean_none_and_all() {
        assertThat(IntStream.range(0, 50).filter(FailureRate.NEVER::fails).count()).isZero();
        assertThat(IntStream.range(0, 50).filter(FailureRate.ALWAYS::fails).count()).isEqualTo(50);
    }

    @Test
    void rates_outside_0_to_1_or_not_numbers_are_refused() {
        assertThatThrownBy(() -> FailureRate.parse("1.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FailureRate.parse("-0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailureRate.parse("ten")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failure_modes_parse_from_the_command_line_spelling() {
        assertThat(FailureMode.parse("integrity")).isEqualTo(FailureMode.INTEGRITY);
        assertThat(FailureMode.parse("Rollback")).isEqualTo(FailureMode.ROLLBACK);
        assertThatThrownBy(() -> FailureMode.parse("explode")).isInstanceOf(IllegalArgumentException.class);
    }
}
