// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class PskCredentialsTest {

    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    @Test
    void to_string_never_shows_the_key() {
        PskCredentials credentials = new PskCredentials("dev-1", "identity-1", HexFormat.of().parseHex(KEY_HEX));

        assertThat(credentials.toString()).contains("dev-1", "identity-1", "16 bytes").doesNotContain(KEY_HEX)
                .doesNotContainIgnoringCase("aabbcc");
    }

    @Test
    void the_key_cannot_be_changed_through_the_array_given_or_returned() {
        byte[] given = HexFormat.of().parseHex(KEY_HEX);
        PskCredentials credentials = new PskCredentials("dev-1", "identity-1", given);

        given[0] = 42;
        credentials.key()[1] = 42;

        assertThat(credentials.keyHex()).isEqualTo(KEY_HEX);
    }

    @Test
    void credentials_with_equal_keys_are_equal() {
        PskCredentials a = new PskCredentials("dev-1", "identity-1", HexFormat.of().parseHex(KEY_HEX));
        PskCredentials b = new PskCredentials("dev-1", "identity-1", HexFormat.of().parseHex(KEY_HEX));
        PskCredentials otherKey = new PskCredentials("dev-1", "identity-1", new byte[16]);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(otherKey);
    }
}
