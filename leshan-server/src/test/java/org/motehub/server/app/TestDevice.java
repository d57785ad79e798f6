// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.motehub.server.objects.ObjectModels;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * A real Leshan LwM2M client for integration tests: Security/Server/Device objects and a temperature sensor
 * (3303) whose value a test sets, connecting with DTLS-PSK to a Motehub server on loopback. It counts registrations
 * and updates so tests can wait on them instead of sleeping.
 */
final class TestDevice implements AutoCloseable {

    final String endpoint;
    final LeshanClient client;
    final Temperature temperature = new Temperature();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicReference<String> registrationId = new AtomicReference<>();
    final AtomicInteger bootstraps = new AtomicInteger();
    final AtomicInteger bootstrapFailures = new AtomicInteger();
    private volatile CountDownLatch registered = new CountDownLatch(1);

    TestDevice(URI serverUri, String endpoint, String identity, byte[] key, long lifetimeSeconds) {
        this(endpoint, Security.psk(serverUri.toString(), 123, identity.getBytes(UTF_8), key),
                new Server(123, lifetimeSeconds, EnumSet.of(BindingMode.U), false, BindingMode.U));
    }

    /**
     * @return a factory-fresh device that knows only its bootstrap server and bootstrap credentials: it bootstraps,
     *         then registers with the DM credentials it was given
     */
    static TestDevice bootstrapping(URI bootstrapUri, String endpoint, String identity, byte[] key) {
        return new TestDevice(endpoint, Security.pskBootstrap(bootstrapUri.toString(), identity.getBytes(UTF_8), key),
                null);
    }

    private TestDevice(String endpoint, Security security, Server server) {
        this.endpoint = endpoint;
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectModels.bundled()));
        init.setInstancesForObject(LwM2mId.SECURITY, security);
        if (server != null) {
            init.setInstancesForObject(LwM2mId.SERVER, server);
        } else {
            init.setClassForObject(LwM2mId.SERVER, Server.class);
        }
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("Motehub Test", "it-device", endpoint));
        init.setInstancesForObject(3303, temperature);
        init.setFactoryForObject(3303, (model, id, used) -> {
            throw new IllegalStateException("the test device has one temperature sensor");
        });
        List<LwM2mObjectEnabler> objects = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, 3303);
        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(5_000)
                .setRetryWaitingTimeInMs(1_000);
        this.client = new LeshanClientBuilder(endpoint).setObjects(objects).setRegistrationEngineFactory(engine)
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                        new CoapsClientProtocolProvider()).build())
                .build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String regId) {
                registrationId.set(regId);
                registrations.incrementAndGet();
                registered.countDown();
            }

            @Override
            public void onRegistrationFailure(LwM2mServer server, RegisterRequest request,
                    org.eclipse.leshan.core.ResponseCode code, String msg, Exception cause) {
                failures.incrementAndGet();
            }

            @Override
            public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
                failures.incrementAndGet();
            }

            @Override
            public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
                updates.incrementAndGet();
            }

            @Override
            public void onBootstrapSuccess(LwM2mServer bsserver, BootstrapRequest request) {
                bootstraps.incrementAndGet();
            }

            @Override
            public void onBootstrapFailure(LwM2mServer bsserver, BootstrapRequest request,
                    org.eclipse.leshan.core.ResponseCode code, String msg, Exception cause) {
                bootstrapFailures.incrementAndGet();
            }

            @Override
            public void onBootstrapTimeout(LwM2mServer bsserver, BootstrapRequest request) {
                bootstrapFailures.incrementAndGet();
            }
        });
    }

    TestDevice start() {
        client.start();
        return this;
    }

    /** @return whether the device registered within {@code timeout}. */
    boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Resets the registration latch, to wait for the next registration. */
    void expectRegistration() {
        registered = new CountDownLatch(1);
    }

    @Override
    public void close() {
        client.destroy(false);
    }

    /** IPSO temperature (3303) instance 0 with a value the test sets; setting it notifies observers. */
    static final class Temperature extends BaseInstanceEnabler {
        final AtomicInteger resets = new AtomicInteger();
        private volatile double value = 21.5;

        Temperature() {
            super(0);
        }

        void set(double newValue) {
            this.value = newValue;
            fireResourceChange(5700);
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            switch (resourceId) {
            case 5700:
                return ReadResponse.success(resourceId, value);
            case 5701:
                return ReadResponse.success(resourceId, "Cel");
            default:
                return super.read(server, resourceId);
            }
        }

        @Override
        public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
            if (resourceId == 5605) {
                resets.incrementAndGet();
                return ExecuteResponse.success();
            }
            return super.execute(server, resourceId, arguments);
        }

        @Override
        public List<Integer> getAvailableResourceIds(org.eclipse.leshan.core.model.ObjectModel model) {
            return List.of(5605, 5700, 5701);
        }
    }
}
