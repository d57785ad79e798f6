// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.motehub.bench.stats.Samples;

class ControlMessagesTest {

    @Test
    void samples_survive_the_round_trip() {
        Samples s = new Samples(new long[] { 1_700_000_000_000L, 1_700_000_000_005L }, new long[] { 1_234, 5_678 },
                3);
        Samples back = ControlMessages.decodeSamples(ControlMessages.encodeSamples(s));
        assertThat(back.ends()).containsExactly(s.ends());
        assertThat(back.latencies()).containsExactly(s.latencies());
        assertThat(back.failures()).isEqualTo(3);
    }

    @Test
    void no_successes_round_trip_too() {
        assertThat(ControlMessages.encodeSamples(new Samples(new long[0], new long[0], 2))).isEqualTo("2 -");
        assertThat(ControlMessages.decodeSamples("2 -").successes()).isZero();
        assertThat(ControlMessages.decodeSamples("2 -").failures()).isEqualTo(2);
    }

    @Test
    void malformed_samples_are_refused() {
        assertThatThrownBy(() -> ControlMessages.decodeSamples("x 1:2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlMessages.decodeSamples("0 12")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void facts_round_trip_in_order() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("coaps", "coaps://127.0.0.1:5684");
        facts.put("registrations", "0");
        String line = ControlMessages.ready(facts);
        assertThat(line).isEqualTo("@bench READY coaps=coaps://127.0.0.1:5684 registrations=0");
        assertThat(ControlMessages.decodeFacts(line.substring("@bench READY ".length()))).containsExactlyEntriesOf(
                facts);
    }

    @Test
    void facts_with_spaces_cannot_be_encoded() {
        assertThatThrownBy(() -> ControlMessages.encodeFacts(Map.of("a", "b c")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errors_fit_on_one_line() {
        assertThat(ControlMessages.error("first\nsecond")).isEqualTo("@bench ERR first second");
    }
}
