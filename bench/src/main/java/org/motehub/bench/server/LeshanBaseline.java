// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.device.GeneratorConfiguration;
import org.motehub.server.objects.ObjectModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline: a vanilla Leshan server as {@link LeshanServerBuilder} makes it by default (in-memory registration
 * store, default authorizer, encoders, decoders and Californium configuration), with only what the benchmark needs
 * on top: one CoAPS endpoint on loopback offering the devices' cipher suite, an {@link InMemorySecurityStore} holding
 * the fleet's PSKs, and the IPSO temperature model (3303) beside Leshan's default models, which stop at object 21.
 */
final class LeshanBaseline implements BenchTarget {

    private static final Logger LOG = LoggerFactory.getLogger(LeshanBaseline.class);

    private final LeshanServer server;
    private final long provisionMillis;

    private LeshanBaseline(LeshanServer server, long provisionMillis) {
        this.server = server;
        this.provisionMillis = provisionMillis;
    }

    /**
     * Builds the server, adds one PSK per device to its security store, and starts it.
     *
     * @param coapsPort the CoAPS port, 0 for any
     */
    static LeshanBaseline start(int coapsPort, DeviceKeys keys, int devices) {
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider())
                .setConfiguration(c -> c.set(DtlsConfig.DTLS_CIPHER_SUITES,
                        List.of(GeneratorConfiguration.CIPHER_SUITE)))
                .addEndpoint(new InetSocketAddress("127.0.0.1", coapsPort), Protocol.COAPS).build();
        InMemorySecurityStore security = new InMemorySecurityStore();
        LeshanServer server = new LeshanServerBuilder().setEndpointsProviders(endpoints).setSecurityStore(security)
                .setObjectModelProvider(new VersionedModelProvider(ObjectModels.bundled())).build();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < devices; i++) {
                String endpoint = keys.endpoint(i);
                security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, keys.identity(endpoint), keys.key(endpoint)));
            }
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException("duplicate PSK identity in the fleet", e);
        }
        long provisionMillis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("Added [{}] PSKs to the in-memory security store in {} ms", devices, provisionMillis);
        server.start();
        return new LeshanBaseline(server, provisionMillis);
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("coaps", server.getEndpoint(Protocol.COAPS).getURI().toString());
        facts.put("provisionMs", Long.toString(provisionMillis));
        return facts;
    }

    @Override
    public LeshanServer lwm2m() {
        return server;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
