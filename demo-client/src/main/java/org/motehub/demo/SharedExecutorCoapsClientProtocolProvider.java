// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.Configuration.ModuleDefinitionsProvider;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.core.endpoint.Protocol;

/**
 * Leshan's CoAPS client protocol, except that each DTLS connector runs its handshakes and timers on a shared executor
 * instead of starting a timer thread of its own; one less thread per simulated device.
 * <p>
 * Leshan's {@code LeshanClientBuilder.setSharedExecutor} does not reach the DTLS connector, hence this provider.
 * Everything else (configuration defaults, PSK store, cipher suites) is Leshan's {@link CoapsClientProtocolProvider}.
 */
final class SharedExecutorCoapsClientProtocolProvider implements ClientProtocolProvider {

    private final CoapsClientProtocolProvider defaults = new CoapsClientProtocolProvider();
    private final ScheduledExecutorService executor;

    /**
     * Creates the provider.
     *
     * @param executor the executor to give every DTLS connector; never shut down by the connectors
     * @throws NullPointerException if {@code executor} is null
     */
    SharedExecutorCoapsClientProtocolProvider(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Protocol getProtocol() {
        return defaults.getProtocol();
    }

    @Override
    public List<ModuleDefinitionsProvider> getModuleDefinitionsProviders() {
        return defaults.getModuleDefinitionsProviders();
    }

    @Override
    public void applyDefaultValue(Configuration configuration) {
        defaults.applyDefaultValue(configuration);
    }

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return new CoapsClientEndpointFactory() {
            @Override
            protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
                DTLSConnector connector = new DTLSConnector(dtlsConfig);
                // a ScheduledExecutorService also serves as the connector's timer; not shut down on stop
                connector.setExecutor(executor);
                return connector;
            }
        };
    }
}
