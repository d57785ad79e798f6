// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.server.bootstrap.BootstrapHandler;
import org.eclipse.leshan.server.bootstrap.DefaultBootstrapHandler;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.bootstrap.endpoint.LwM2mBootstrapServerEndpoint;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerEndpointFactory;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.motehub.gateway.dtls.DtlsSettings;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.device.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Motehub's LwM2M bootstrap server: Leshan's {@link LeshanBootstrapServer} on Californium, with the bootstrap
 * credentials of the registry ({@link RegistryBootstrapSecurityStore}), authenticated devices only
 * ({@link RegistryBootstrapAuthorizer}), fresh DM credentials for each session ({@link DmCredentialsTaskProvider}),
 * and every attempt recorded ({@link BootstrapRecorder}, {@link WrongKeyDetector}). Nothing is kept in memory that
 * a restart would lose: credentials, states and profiles are in RocksDB.
 */
public final class MotehubBootstrapServer {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubBootstrapServer.class);
    /** How long a device has to answer one bootstrap request. */
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final LeshanBootstrapServer server;

    /**
     * @param coap the plain CoAP bind address, if any (every device is refused there: no PSK)
     * @param coaps the CoAPS bind address, if any
     * @param dmServerUri the DM server's CoAPS URI as devices reach it, read at each bootstrap
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if a configured endpoint could not be created
     */
    public MotehubBootstrapServer(DeviceStore devices, BootstrapService bootstrap, DtlsSettings dtls,
            Optional<InetSocketAddress> coap, Optional<InetSocketAddress> coaps, Supplier<URI> dmServerUri) {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(bootstrap, "bootstrap");
        CaliforniumBootstrapServerEndpointsProvider.Builder endpoints = new CaliforniumBootstrapServerEndpointsProvider
                .Builder(new CoapBootstrapServerProtocolProvider(), new CoapsBootstrapServerProtocolProvider());
        endpoints.setConfiguration(dtls::applyTo);
        coap.ifPresent(a -> endpoints.addEndpoint(a, Protocol.COAP));
        WrongKeyDetector wrongKeys = new WrongKeyDetector(devices, bootstrap);
        coaps.ifPresent(a -> endpoints.addEndpoint(new CoapsBootstrapServerEndpointFactory(
                EndpointUriUtil.createUri(Protocol.COAPS.getUriScheme(), a), "Bootstrap Server", null,
                dtlsBuilder -> dtlsBuilder.setConnectionListener(wrongKeys)
                        .setCipherSuiteSelector(dtls.cipherSuiteSelector()), null)));
        RegistryBootstrapSecurityStore securityStore = new RegistryBootstrapSecurityStore(devices, bootstrap);
        this.server = new LeshanBootstrapServerBuilder().setEndpointsProviders(endpoints.build())
                .setSecurityStore(securityStore)
                .setAuthorizer(new RegistryBootstrapAuthorizer(securityStore, bootstrap))
                .setTaskProvider(new DmCredentialsTaskProvider(bootstrap, dmServerUri))
                .setBootstrapHandlerFactory(MotehubBootstrapServer::handler).build();
        server.addListener(new BootstrapRecorder(bootstrap));
        require(coap.isPresent(), Protocol.COAP);
        require(coaps.isPresent(), Protocol.COAPS);
    }

    private static BootstrapHandler handler(org.eclipse.leshan.server.bootstrap.request.BootstrapDownlinkRequestSender
            sender, org.eclipse.leshan.server.bootstrap.BootstrapSessionManager sessions,
            org.eclipse.leshan.server.bootstrap.BootstrapSessionListener listener) {
        return new DefaultBootstrapHandler(sender, sessions, listener, REQUEST_TIMEOUT_MS);
    }

    private void require(boolean configured, Protocol protocol) {
        if (configured && server.getEndpoint(protocol) == null) {
            server.destroy();
            throw new IllegalStateException("the bootstrap " + protocol.getUriScheme()
                    + " endpoint could not be created; see the warning above");
        }
    }

    /** Binds the endpoints and logs each bound URI. */
    public void start() {
        server.start();
        for (LwM2mBootstrapServerEndpoint e : server.getEndpoints()) {
            LOG.info("LwM2M bootstrap endpoint listening on [{}]", e.getURI());
        }
    }

    /** Unbinds the endpoints; {@link #start()} may bind them again. */
    public void stop() {
        server.stop();
    }

    /** Releases everything for good. */
    public void destroy() {
        server.destroy();
    }

    /** @return the URI of the bound endpoint for {@code protocol}, if there is one. */
    public Optional<URI> uri(Protocol protocol) {
        return Optional.ofNullable(server.getEndpoint(protocol)).map(LwM2mBootstrapServerEndpoint::getURI);
    }

    /** @return the bound endpoints' URIs. */
    public List<URI> uris() {
        return server.getEndpoints().stream().map(LwM2mBootstrapServerEndpoint::getURI).toList();
    }
}
