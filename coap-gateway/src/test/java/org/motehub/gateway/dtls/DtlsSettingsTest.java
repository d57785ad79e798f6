// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;

class DtlsSettingsTest {

    private static Configuration configuration() {
        DtlsConfig.register();
        return new Configuration();
    }

    @Test
    void defaults_offer_the_lwm2m_mandatory_suite_and_a_connection_id() {
        DtlsSettings settings = DtlsSettings.builder().build();
        Configuration c = configuration();
        settings.applyTo(c);

        assertThat(c.get(DtlsConfig.DTLS_CIPHER_SUITES)).contains(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        assertThat(c.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH)).isEqualTo(6);
        assertThat(c.get(DtlsConfig.DTLS_MAX_CONNECTIONS)).isEqualTo(150_000);
        assertThat(c.get(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, TimeUnit.SECONDS)).isEqualTo(86_400);
        // CBC suites are offered for LwM2M 1.0 devices, so "recommended only" must be off
        assertThat(c.get(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY)).isFalse();
        assertThat(c.get(DtlsConfig.DTLS_REMOVE_STALE_DOUBLE_PRINCIPALS)).isTrue();
    }

    @Test
    void recommended_only_stays_on_when_every_suite_is_recommended() {
        Configuration c = configuration();
        DtlsSettings.builder().cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).build().applyTo(c);
        assertThat(c.get(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY)).isTrue();
    }

    @Test
    void zero_connection_id_length_turns_connection_ids_off() {
        Configuration c = configuration();
        DtlsSettings.builder().connectionIdLength(0).build().applyTo(c);
        assertThat(c.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH)).isNull();
    }

    @Test
    void bad_settings_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> DtlsSettings.builder().connectionIdLength(17).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connectionIdLength");
        assertThatThrownBy(() -> DtlsSettings.builder().maxConnections(0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> DtlsSettings.builder().staleConnectionThreshold(Duration.ZERO).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("staleConnectionThreshold");
        assertThatThrownBy(() -> DtlsSettings.builder()
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PSK");
    }
}
