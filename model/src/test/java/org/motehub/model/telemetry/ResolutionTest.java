// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ResolutionTest {

    @Test
    void buckets_are_aligned_on_utc_and_hold_their_start_but_not_their_end() {
        Instant t = Instant.parse("2026-11-23T13:47:59.999Z");

        assertThat(Resolution.MINUTE.bucketOf(t)).isEqualTo(Instant.parse("2026-11-23T13:47:00Z"));
        assertThat(Resolution.FIVE_MINUTES.bucketOf(t)).isEqualTo(Instant.parse("2026-11-23T13:45:00Z"));
        assertThat(Resolution.HOUR.bucketOf(t)).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
        assertThat(Resolution.DAY.bucketOf(t)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(Resolution.HOUR.bucketOf(Instant.parse("2026-11-23T14:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
        assertThat(Resolution.DAY.bucketOf(Instant.parse("1969-12-31T23:00:00Z")))
                .isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
    }

    @Test
    void labels_name_the_steps_of_the_api() {
        assertThat(Resolution.fromLabel("raw")).contains(Resolution.RAW);
        assertThat(Resolution.fromLabel("1M")).contains(Resolution.MINUTE);
        assertThat(Resolution.fromLabel("5m")).contains(Resolution.FIVE_MINUTES);
        assertThat(Resolution.fromLabel("1h")).contains(Resolution.HOUR);
        assertThat(Resolution.fromLabel("1d")).contains(Resolution.DAY);
        assertThat(Resolution.fromLabel("2m")).isEmpty();
        assertThat(Resolution.fromLabel("MINUTE")).isEmpty();
        assertThat(Resolution.MINUTE.coarser()).contains(Resolution.FIVE_MINUTES);
        assertThat(Resolution.DAY.coarser()).isEmpty();
        assertThatThrownBy(Resolution.RAW::length).isInstanceOf(IllegalStateException.class);
    }
}
