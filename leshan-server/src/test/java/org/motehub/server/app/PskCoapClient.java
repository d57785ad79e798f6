// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.net.URI;
import java.util.List;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** One-shot raw CoAP GETs for tests: over DTLS with a given PSK (like a non-Leshan device), or over plain CoAP. */
final class PskCoapClient {

    private PskCoapClient() {
    }

    private static Configuration configuration() {
        CoapConfig.register();
        DtlsConfig.register();
        Configuration config = new Configuration();
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        return config;
    }

    /** @return the answer to a GET of {@code uri} over DTLS as {@code identity}. */
    static CoapResponse get(URI uri, String identity, byte[] key) throws Exception {
        Configuration config = configuration();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                        .build())).build();
        return get(uri, endpoint);
    }

    /** @return the answer to a GET of {@code uri} over plain CoAP. */
    static CoapResponse getPlain(URI uri) throws Exception {
        return get(uri, new CoapEndpoint.Builder().setConfiguration(configuration()).build());
    }

    private static CoapResponse get(URI uri, CoapEndpoint endpoint) throws Exception {
        CoapClient client = new CoapClient(uri.toString());
        try {
            client.setEndpoint(endpoint);
            client.setTimeout(10_000L);
            CoapResponse response = client.get();
            if (response == null) {
                throw new IllegalStateException("no answer from " + uri);
            }
            return response;
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
