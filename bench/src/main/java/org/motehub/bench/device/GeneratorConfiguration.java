// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.util.List;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * The Californium configuration shared by every simulated device, built explicitly (never from
 * {@code Californium3.properties}): a DTLS client with one receiver thread and room for a handful of connections,
 * offering only TLS_PSK_WITH_AES_128_CCM_8 (the LwM2M mandatory suite), without connection id; CoAP timing stays at
 * the RFC 7252 defaults, as on a real device.
 */
public final class GeneratorConfiguration {

    /** The only cipher suite the simulated devices offer. */
    public static final CipherSuite CIPHER_SUITE = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;

    private GeneratorConfiguration() {
    }

    /** @return a new configuration for simulated devices. */
    public static Configuration create() {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CIPHER_SUITE));
        // one blocking receiver thread per device socket; the protocol work runs on the fleet's shared executors
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
        c.set(DtlsConfig.DTLS_USE_SERVER_NAME_INDICATION, false);
        // a fixed MTU spares each connector the look-up of its network interface when it starts
        c.set(DtlsConfig.DTLS_MAX_TRANSMISSION_UNIT, 1280);
        c.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        return c;
    }
}
