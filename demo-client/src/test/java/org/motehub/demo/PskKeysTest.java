// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class PskKeysTest {

    private static final byte[] SEED = "fleet-seed".getBytes(StandardCharsets.UTF_8);

    @Test
    void derive_is_the_first_16_bytes_of_hmac_sha256() {
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e6a04242608957...
        byte[] key = PskKeys.derive("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?");

        assertThat(HexFormat.of().formatHex(key)).isEqualTo("5bdcc146bf60754e6a042426089575c7");
    }

    @Test
    void derive_is_deterministic() {
        assertThat(PskKeys.derive(SEED, "demo-0001")).isEqualTo(PskKeys.derive(SEED.clone(), "demo-0001"))
                .hasSize(PskKeys.KEY_LENGTH);
    }

    @Test
    void derive_differs_per_endpoint_and_per_seed() {
        byte[] first = PskKeys.derive(SEED, "demo-0001");

        assertThat(PskKeys.derive(SEED, "demo-0002")).isNotEqualTo(first);
        assertThat(PskKeys.derive("other-seed".getBytes(StandardCharsets.UTF_8), "demo-0001")).isNotEqualTo(first);
    }

    @Test
    void derive_refuses_an_empty_seed() {
        assertThatThrownBy(() -> PskKeys.derive(new byte[0], "demo-0001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
    }
}
