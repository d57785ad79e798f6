// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * A real Leshan server for the demo client's tests: CoAP and CoAPS on loopback, port 0, an in-memory PSK store, the
 * IPSO models, and latches on registration events so tests wait for events instead of sleeping.
 */
final class TestLwM2mServer implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MS = 5_000;

    private final InMemorySecurityStore securityStore = new InMemorySecurityStore();
    private final ConcurrentMap<String, CountDownLatch> registered = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CountDownLatch> deregistered = new ConcurrentHashMap<>();
    private final BlockingQueue<ObserveResponse> notifications = new LinkedBlockingQueue<>();
    private final LeshanServer server;

    private TestLwM2mServer() {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider()) //
                .addEndpoint(loopback, Protocol.COAP) //
                .addEndpoint(loopback, Protocol.COAPS) //
                .build();
        server = new LeshanServerBuilder() //
                .setEndpointsProviders(endpoints) //
                .setSecurityStore(securityStore) //
                .setObjectModelProvider(new VersionedModelProvider(IpsoObjectModels.withDefaults())) //
                .build();
        server.getRegistrationService().addListener(new LatchingRegistrationListener());
        server.getObservationService().addListener(new QueueingObservationListener());
    }

    /** Starts a server on loopback with free ports. */
    static TestLwM2mServer start() {
        TestLwM2mServer testServer = new TestLwM2mServer();
        testServer.server.start();
        return testServer;
    }

    URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    URI coapUri() {
        return server.getEndpoint(Protocol.COAP).getURI();
    }

    /** Provisions the PSK the server expects from {@code endpoint}. */
    void addPsk(String endpoint, String identity, byte[] key) {
        try {
            securityStore.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Provisions the PSK of every device of a fleet, as the fleet itself computes them. */
    void addPsks(DemoFleet fleet) {
        for (String endpoint : fleet.endpoints()) {
            addPsk(endpoint, fleet.pskIdentity(endpoint).orElseThrow(), fleet.pskKey(endpoint).orElseThrow());
        }
    }

    /** Waits until {@code endpoint} has registered at least once. */
    boolean awaitRegistration(String endpoint, Duration timeout) throws InterruptedException {
        return latch(registered, endpoint).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code endpoint} has deregistered (or expired) at least once. */
    boolean awaitDeregistration(String endpoint, Duration timeout) throws InterruptedException {
        return latch(deregistered, endpoint).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(server.getRegistrationService().getByEndpoint(endpoint));
    }

    /** Sends a request to a registered device and waits for its response. */
    <T extends LwM2mResponse> T send(String endpoint, DownlinkRequest<T> request) throws InterruptedException {
        Registration registration = registration(endpoint)
                .orElseThrow(() -> new IllegalStateException(endpoint + " is not registered"));
        T response = server.send(registration, request, REQUEST_TIMEOUT_MS);
        if (response == null) {
            throw new IllegalStateException(request + " to " + endpoint + " timed out");
        }
        return response;
    }

    /** Notifications of single observations, in arrival order. */
    BlockingQueue<ObserveResponse> notifications() {
        return notifications;
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static CountDownLatch latch(ConcurrentMap<String, CountDownLatch> latches, String endpoint) {
        return latches.computeIfAbsent(endpoint, e -> new CountDownLatch(1));
    }

    private final class LatchingRegistrationListener implements RegistrationListener {
        @Override
        public void registered(Registration registration, Registration previousReg,
                Collection<Observation> previousObservations) {
            latch(registered, registration.getEndpoint()).countDown();
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
            // not needed by the tests
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                Registration newReg) {
            latch(deregistered, registration.getEndpoint()).countDown();
        }
    }

    private final class QueueingObservationListener implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
            // not needed by the tests
        }

        @Override
        public void cancelled(Observation observation) {
            // not needed by the tests
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            notifications.add(response);
        }

        @Override
        public void onResponse(CompositeObservation observation, Registration registration,
                ObserveCompositeResponse response) {
            // not needed by the tests
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
            // not needed by the tests
        }
    }
}
