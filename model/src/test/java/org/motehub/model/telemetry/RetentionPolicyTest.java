// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void defaults_are_seven_days_raw_then_30_90_365_days_and_days_forever() {
        RetentionPolicy p = RetentionPolicy.defaults();

        assertThat(p.keep(Resolution.RAW)).contains(Duration.ofDays(7));
        assertThat(p.keep(Resolution.MINUTE)).contains(Duration.ofDays(30));
        assertThat(p.keep(Resolution.FIVE_MINUTES)).contains(Duration.ofDays(90));
        assertThat(p.keep(Resolution.HOUR)).contains(Duration.ofDays(365));
        assertThat(p.keep(Resolution.DAY)).isEmpty();
        assertThat(p.cutoff(Resolution.RAW, Instant.parse("2026-11-23T00:00:00Z")))
                .contains(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(p.cutoff(Resolution.DAY, Instant.now())).isEmpty();
    }

    @Test
    void retentions_parse_from_short_units_iso_durations_and_forever() {
        assertThat(RetentionPolicy.parse("7d")).contains(Duration.ofDays(7));
        assertThat(RetentionPolicy.parse(" 12h ")).contains(Duration.ofHours(12));
        assertThat(RetentionPolicy.parse("90m")).contains(Duration.ofMinutes(90));
        assertThat(RetentionPolicy.parse("2w")).contains(Duration.ofDays(14));
        assertThat(RetentionPolicy.parse("3600s")).contains(Duration.ofHours(1));
        assertThat(RetentionPolicy.parse("P30D")).contains(Duration.ofDays(30));
        assertThat(RetentionPolicy.parse("pt36h")).contains(Duration.ofHours(36));
        assertThat(RetentionPolicy.parse("Forever")).isEmpty();
        for (String bad : new String[] { "", "7", "7x", "-1d", "0d", "PT0S", "seven days" }) {
            assertThatThrownBy(() -> RetentionPolicy.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.trim().isEmpty() ? "''" : bad);
        }
    }

    @Test
    void a_policy_that_would_lose_rollups_a_point_can_still_reach_is_refused_naming_the_resolution() {
        assertThatThrownBy(() -> RetentionPolicy.builder().keep(Resolution.RAW, Duration.ofMinutes(30)).build())
                .hasMessageContaining("raw");
        assertThatThrownBy(() -> RetentionPolicy.builder().keep(Resolution.MINUTE, Duration.ofDays(7)).build())
                .hasMessageContaining("1m").hasMessageContaining("longer than raw");
        assertThatThrownBy(() -> RetentionPolicy.builder().keep(Resolution.HOUR, Duration.ofDays(60)).build())
                .hasMessageContaining("1h").hasMessageContaining("5m");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepForever(Resolution.RAW).build())
                .hasMessageContaining("1m");
        assertThatThrownBy(() -> RetentionPolicy.builder().keep(Resolution.DAY, Duration.ofDays(100)).build())
                .hasMessageContaining("1d");

        RetentionPolicy all = RetentionPolicy.builder().keepForever(Resolution.RAW).keepForever(Resolution.MINUTE)
                .keepForever(Resolution.FIVE_MINUTES).keepForever(Resolution.HOUR).build();
        assertThat(all.keep(Resolution.RAW)).isEmpty();
        assertThat(RetentionPolicy.builder().keep(Resolution.RAW, Optional.of(Duration.ofDays(1))).build()
                .keep(Resolution.RAW)).contains(Duration.ofDays(1));
    }
}
