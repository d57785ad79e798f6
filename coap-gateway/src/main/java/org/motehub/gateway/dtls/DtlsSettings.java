// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuiteSelector;

/**
 * The DTLS settings Motehub applies to every CoAPS endpoint, chosen for constrained devices behind NATs: a
 * connection id so a device whose address changes keeps its session, PSK cipher suites that tinydtls/mbedTLS devices
 * offer, and a connection store sized for a fleet. Immutable; made by {@link #builder()}.
 */
public final class DtlsSettings {

    private final int connectionIdLength;
    private final int maxConnections;
    private final Duration staleConnectionThreshold;
    private final List<CipherSuite> cipherSuites;

    private DtlsSettings(Builder b) {
        this.connectionIdLength = b.connectionIdLength;
        this.maxConnections = b.maxConnections;
        this.staleConnectionThreshold = b.staleConnectionThreshold;
        this.cipherSuites = List.copyOf(b.cipherSuites);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes these settings into a Californium configuration that already has the DTLS module registered. */
    public void applyTo(Configuration configuration) {
        configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, connectionIdLength == 0 ? null : connectionIdLength);
        configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, maxConnections);
        configuration.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, staleConnectionThreshold.toSeconds(),
                TimeUnit.SECONDS);
        configuration.set(DtlsConfig.DTLS_CIPHER_SUITES, cipherSuites);
        // LwM2M 1.0 devices (mbedTLS, Wakaama) often offer only CBC suites, which Californium calls not recommended
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY,
                cipherSuites.stream().allMatch(CipherSuite::isRecommended));
        // a device that re-handshakes replaces its old connection instead of leaving a stale twin behind
        configuration.set(DtlsConfig.DTLS_REMOVE_STALE_DOUBLE_PRINCIPALS, true);
    }

    public int connectionIdLength() {
        return connectionIdLength;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration staleConnectionThreshold() {
        return staleConnectionThreshold;
    }

    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    /**
     * @return a selector for a {@code DtlsConnectorConfig.Builder} that picks by {@link #cipherSuites()} order, so
     *         that a session gets the same cipher suite whether the device or the server starts the handshake
     */
    public CipherSuiteSelector cipherSuiteSelector() {
        return new ServerPreferenceCipherSuiteSelector(cipherSuites);
    }

    /** Builds {@link DtlsSettings}; every setter names its default. */
    public static final class Builder {
        private int connectionIdLength = 6;
        private int maxConnections = 150_000;
        private Duration staleConnectionThreshold = Duration.ofDays(1);
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256);

        private Builder() {
        }

        /** Connection id length in bytes (RFC 9146); 0 turns connection ids off. Default 6. */
        public Builder connectionIdLength(int length) {
            this.connectionIdLength = length;
            return this;
        }

        /** Most DTLS connections kept at once. Default 150,000. */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** Idle time after which a connection may be evicted when the store is full. Default 1 day. */
        public Builder staleConnectionThreshold(Duration threshold) {
            this.staleConnectionThreshold = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * Cipher suites offered. Default: TLS_PSK_WITH_AES_128_CCM_8 (mandatory for LwM2M), AES_128_CBC_SHA256,
         * AES_128_GCM_SHA256 and ECDHE_PSK AES_128_CBC_SHA256.
         */
        public Builder cipherSuites(List<CipherSuite> suites) {
            this.cipherSuites = List.copyOf(suites);
            return this;
        }

        /**
         * @throws IllegalStateException naming the bad setting
         */
        public DtlsSettings build() {
            if (connectionIdLength < 0 || connectionIdLength > 16) {
                throw new IllegalStateException("connectionIdLength must be 0 to 16, not " + connectionIdLength);
            }
            if (maxConnections < 1) {
                throw new IllegalStateException("maxConnections must be at least 1, not " + maxConnections);
            }
            if (staleConnectionThreshold.isNegative() || staleConnectionThreshold.isZero()) {
                throw new IllegalStateException("staleConnectionThreshold must be positive");
            }
            if (cipherSuites.isEmpty() || cipherSuites.stream().noneMatch(CipherSuite::isPskBased)) {
                throw new IllegalStateException("cipherSuites must contain at least one PSK cipher suite");
            }
            return new DtlsSettings(this);
        }
    }
}
