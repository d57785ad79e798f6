// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearest_rank_of_one_to_hundred_is_the_value_itself() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1; // unsorted on purpose
        }
        Percentiles p = Percentiles.of(values);
        assertThat(p.median()).isEqualTo(50);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.percentile(0.5)).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void percentiles_are_measured_values_never_interpolated() {
        Percentiles p = Percentiles.of(new long[] { 10, 20, 30, 40 });
        assertThat(p.median()).isEqualTo(20);
        assertThat(p.percentile(75)).isEqualTo(30);
        assertThat(p.percentile(76)).isEqualTo(40);
    }

    @Test
    void p99_of_a_small_sample_is_its_maximum() {
        assertThat(Percentiles.of(new long[] { 5, 1, 3 }).percentile(99)).isEqualTo(5);
    }

    @Test
    void no_values_give_zero() {
        Percentiles p = Percentiles.of(new long[0]);
        assertThat(p.count()).isZero();
        assertThat(p.median()).isZero();
        assertThat(p.max()).isZero();
    }

    @Test
    void input_array_is_left_unsorted() {
        long[] values = { 3, 1, 2 };
        Percentiles.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void percent_outside_zero_to_hundred_is_refused() {
        Percentiles p = Percentiles.of(new long[] { 1 });
        assertThatThrownBy(() -> p.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.percentile(100.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
