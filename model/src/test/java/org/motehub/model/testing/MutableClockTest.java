// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class MutableClockTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @Test
    void the_clock_stands_still_until_it_is_moved() {
        MutableClock clock = MutableClock.at(T0);

        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T0.plusSeconds(90));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(90));

        clock.set(T0.minusSeconds(1));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(1));
    }

    @Test
    void a_clock_in_another_zone_shares_the_time() {
        MutableClock clock = MutableClock.at("2026-01-02T03:04:05Z");
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofMinutes(1));

        assertThat(paris.instant()).isEqualTo(Instant.parse("2026-01-02T03:05:05Z"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
