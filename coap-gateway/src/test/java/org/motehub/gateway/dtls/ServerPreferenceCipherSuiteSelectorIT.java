// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real DTLS handshakes on loopback between a Motehub-configured Scandium connector and a device configured as a
 * Leshan client is by default (Scandium's recommended PSK suites, which put AES-GCM before the LwM2M mandatory
 * CCM_8): the cipher suite must not depend on which side starts the handshake.
 */
class ServerPreferenceCipherSuiteSelectorIT {

    private static final byte[] KEY = "0123456789abcdef".getBytes(UTF_8);
    private final List<DTLSConnector> connectors = new ArrayList<>();

    @AfterEach
    void destroy() {
        connectors.forEach(DTLSConnector::destroy);
    }

    /** A connector that queues what it receives; both ends may start handshakes, as Leshan's server and client do. */
    private DTLSConnector start(Configuration config, boolean motehubSelector, BlockingQueue<RawData> received)
            throws Exception {
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.BOTH);
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore("device-1", KEY));
        if (motehubSelector) {
            builder.setCipherSuiteSelector(DtlsSettings.builder().build().cipherSuiteSelector());
        }
        DTLSConnector connector = new DTLSConnector(builder.build());
        connector.setRawDataReceiver(received::add);
        connector.start();
        connectors.add(connector);
        return connector;
    }

    private static Configuration motehubConfiguration() {
        DtlsConfig.register();
        Configuration config = new Configuration();
        DtlsSettings.builder().build().applyTo(config);
        return config;
    }

    private static Configuration deviceConfiguration() {
        DtlsConfig.register();
        return new Configuration();
    }

    /** Sends one datagram from {@code from} to {@code to} and returns the cipher suite it arrived under. */
    private static String cipherSuiteOfOneMessage(DTLSConnector from, DTLSConnector to, BlockingQueue<RawData> inbox)
            throws InterruptedException {
        from.send(RawData.outbound("hello".getBytes(UTF_8), new AddressEndpointContext(to.getAddress()), null,
                false));
        RawData got = inbox.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("message after the handshake").isNotNull();
        return got.getEndpointContext().getString(DtlsEndpointContext.KEY_CIPHER);
    }

    @Test
    void the_device_and_the_server_starting_the_handshake_agree_on_the_same_cipher_suite() throws Exception {
        BlockingQueue<RawData> atServer = new LinkedBlockingQueue<>();
        BlockingQueue<RawData> atDevice = new LinkedBlockingQueue<>();
        DTLSConnector server = start(motehubConfiguration(), true, atServer);
        DTLSConnector device = start(deviceConfiguration(), false, atDevice);

        String deviceStarted = cipherSuiteOfOneMessage(device, server, atServer);
        // a crash: the server has lost the session and starts a new one itself
        server.clearConnectionState();
        device.clearConnectionState();
        String serverStarted = cipherSuiteOfOneMessage(server, device, atDevice);

        assertThat(deviceStarted).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8.name());
        assertThat(serverStarted).isEqualTo(deviceStarted);
    }

    @Test
    void without_the_selector_the_device_s_own_order_wins_and_the_suites_differ() throws Exception {
        BlockingQueue<RawData> atServer = new LinkedBlockingQueue<>();
        BlockingQueue<RawData> atDevice = new LinkedBlockingQueue<>();
        DTLSConnector server = start(motehubConfiguration(), false, atServer);
        DTLSConnector device = start(deviceConfiguration(), false, atDevice);

        String deviceStarted = cipherSuiteOfOneMessage(device, server, atServer);
        server.clearConnectionState();
        device.clearConnectionState();
        String serverStarted = cipherSuiteOfOneMessage(server, device, atDevice);

        assertThat(deviceStarted).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256.name());
        assertThat(serverStarted).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8.name());
    }

    @Test
    void a_device_without_the_preferred_suite_gets_the_next_one_in_the_server_s_order() throws Exception {
        BlockingQueue<RawData> atServer = new LinkedBlockingQueue<>();
        DTLSConnector server = start(motehubConfiguration(), true, atServer);
        Configuration deviceConfig = deviceConfiguration();
        deviceConfig.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        deviceConfig.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256));
        DTLSConnector device = start(deviceConfig, false, new LinkedBlockingQueue<>());

        assertThat(cipherSuiteOfOneMessage(device, server, atServer))
                .isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256.name());
    }
}
