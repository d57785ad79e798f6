// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.SendResponse;
import org.motehub.server.objects.ObjectModels;

/**
 * A Leshan LwM2M 1.1 client for telemetry tests, over DTLS-PSK on loopback: a temperature sensor (3303/0: 5700 float,
 * 5701 units) and a Device object with a battery level (3/0/9), two power source voltages (3/0/7, multi-instance),
 * and the current time (3/0/13). Values are set by the test and notify observers. Its encoder can add a timestamp
 * of the test's choosing to every SenML payload, or send garbage or values of the wrong type, to play a device that
 * misbehaves. It can also Send any of its resources.
 */
final class SensorDevice implements AutoCloseable {

    /** How the device encodes what it sends. */
    enum Payload {
        /** As Leshan encodes it. */
        NORMAL,
        /** SenML with the timestamp set by {@link SensorDevice#timestamp(Instant)} on every record. */
        TIMESTAMPED,
        /** Bytes that are no valid payload in any format. */
        GARBAGE,
        /** SenML JSON giving a string to the float resource 3303/0/5700. */
        WRONG_TYPE
    }

    final String endpoint;
    final LeshanClient client;
    final TestDevice.Temperature temperature = new TestDevice.Temperature();
    final Power power = new Power();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    private final DeviceEncoder encoder = new DeviceEncoder();
    private final CaliforniumClientEndpointsProvider endpoints = new CaliforniumClientEndpointsProvider.Builder(
            new CoapsClientProtocolProvider()).build();
    /** Observe requests received, by URI path ({@code 3303/0/5700}; {@code ""} for an Observe-Composite). */
    private final Map<String, AtomicInteger> observes = new ConcurrentHashMap<>();
    /** The DTLS cipher suite of each request received, distinct, in the order first seen. */
    private final Set<String> cipherSuites = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile CountDownLatch registered = new CountDownLatch(1);

    SensorDevice(URI serverUri, String endpoint, String identity, byte[] key, long lifetimeSeconds) {
        this.endpoint = endpoint;
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectModels.bundled()));
        init.setInstancesForObject(LwM2mId.SECURITY,
                Security.psk(serverUri.toString(), 123, identity.getBytes(UTF_8), key));
        init.setInstancesForObject(LwM2mId.SERVER,
                new Server(123, lifetimeSeconds, EnumSet.of(BindingMode.U), false, BindingMode.U));
        init.setInstancesForObject(LwM2mId.DEVICE, power);
        init.setInstancesForObject(3303, temperature);
        init.setFactoryForObject(LwM2mId.DEVICE, (model, id, used) -> {
            throw new IllegalStateException("the sensor device has one Device instance");
        });
        init.setFactoryForObject(3303, (model, id, used) -> {
            throw new IllegalStateException("the sensor device has one temperature sensor");
        });
        List<LwM2mObjectEnabler> objects = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, 3303);
        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(5_000)
                .setRetryWaitingTimeInMs(1_000);
        this.client = new LeshanClientBuilder(endpoint).setObjects(objects).setRegistrationEngineFactory(engine)
                .setEncoder(encoder).setEndpointsProviders(endpoints).build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String regId) {
                registrations.incrementAndGet();
                registered.countDown();
            }

            @Override
            public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
                updates.incrementAndGet();
            }
        });
    }

    SensorDevice start() {
        client.start();
        countObserveRequests();
        return this;
    }

    /** Deregisters, then registers anew (a new registration id), as a rebooted device does. */
    void reRegister() {
        expectRegistration();
        client.stop(true);
        client.start();
        countObserveRequests();
    }

    /** Counts observe requests on the client's current endpoints (it makes new ones on each start). */
    private void countObserveRequests() {
        for (Endpoint e : endpoints.getCoapServer().getEndpoints()) {
            e.addInterceptor(new MessageInterceptorAdapter() {
                @Override
                public void receiveRequest(Request request) {
                    String cipherSuite = request.getSourceContext().getString(DtlsEndpointContext.KEY_CIPHER);
                    if (cipherSuite != null) {
                        cipherSuites.add(cipherSuite);
                    }
                    if (request.getOptions().hasObserve() && request.getOptions().getObserve() == 0) {
                        observes.computeIfAbsent(request.getOptions().getUriPathString(),
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
        }
    }

    /** @return how many Observe requests for {@code path} (e.g. {@code /3303/0/5700}) the device received. */
    int observeRequests(String path) {
        AtomicInteger n = observes.get(path.substring(1));
        return n == null ? 0 : n.get();
    }

    /** @return the DTLS cipher suites of the sessions the server's requests came over, in the order first seen. */
    List<String> cipherSuites() {
        synchronized (cipherSuites) {
            return List.copyOf(cipherSuites);
        }
    }

    /** @return whether the device registered within {@code timeout} since the last {@link #expectRegistration()}. */
    boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Resets the registration latch, to wait for the next registration. */
    void expectRegistration() {
        registered = new CountDownLatch(1);
    }

    /** Makes the device encode its next payloads this way. */
    SensorDevice payload(Payload payload) {
        encoder.payload = payload;
        return this;
    }

    /** Sets the timestamp of {@link Payload#TIMESTAMPED} payloads. */
    SensorDevice timestamp(Instant timestamp) {
        encoder.timestamp = timestamp;
        return this;
    }

    /** Sends the current values of {@code paths} to the server with a Send request. */
    SendResponse send(ContentFormat format, String... paths) throws InterruptedException {
        LwM2mServer server = client.getRegisteredServers().values().iterator().next();
        return client.getSendService().sendData(server, format, List.of(paths), 5_000);
    }

    @Override
    public void close() {
        client.destroy(false);
    }

    /** The Device object (3/0) with a battery level, two power source voltages and the current time. */
    static final class Power extends Device {
        private volatile long battery = 87;
        private volatile Map<Integer, Long> voltages = Map.of(0, 3300L, 1, 5000L);
        private volatile Instant now = Instant.parse("2026-03-04T05:06:07Z");

        Power() {
            super("Motehub Test", "sensor-device", "sd-1");
        }

        void battery(long level) {
            battery = level;
            fireResourceChange(9);
        }

        void voltages(Map<Integer, Long> values) {
            voltages = Map.copyOf(values);
            fireResourceChange(7);
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            switch (resourceId) {
            case 7:
                return ReadResponse.success(resourceId, voltages, Type.INTEGER);
            case 9:
                return ReadResponse.success(resourceId, battery);
            case 13:
                return ReadResponse.success(resourceId, Date.from(now));
            default:
                return super.read(server, resourceId);
            }
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            List<Integer> ids = new ArrayList<>(super.getAvailableResourceIds(model));
            ids.addAll(List.of(7, 9, 13));
            return ids;
        }
    }

    /** Leshan's encoder, with the misbehaviours of {@link Payload}. */
    private static final class DeviceEncoder implements LwM2mEncoder {
        private static final byte[] GARBAGE = { (byte) 0xff, 0x13, 0x37, (byte) 0xbf, 0x00 };

        private final DefaultLwM2mEncoder delegate = new DefaultLwM2mEncoder();
        private volatile Payload payload = Payload.NORMAL;
        private volatile Instant timestamp = Instant.parse("2026-01-02T03:04:05Z");

        private static boolean senml(ContentFormat format) {
            return ContentFormat.SENML_CBOR.equals(format) || ContentFormat.SENML_JSON.equals(format);
        }

        private byte[] wrongType(ContentFormat format) {
            if (!ContentFormat.SENML_JSON.equals(format)) {
                throw new CodecException("the wrong-type payload is SenML JSON only, not %s", format);
            }
            return "[{\"bn\":\"/3303/0/5700\",\"vs\":\"hot\"}]".getBytes(UTF_8);
        }

        @Override
        public byte[] encode(LwM2mNode node, ContentFormat format, LwM2mPath path, LwM2mModel model) {
            switch (payload) {
            case TIMESTAMPED:
                return senml(format) ? delegate.encodeTimestampedData(List.of(new TimestampedLwM2mNode(timestamp,
                        node)), format, path, model) : delegate.encode(node, format, path, model);
            case GARBAGE:
                return GARBAGE.clone();
            case WRONG_TYPE:
                return wrongType(format);
            default:
                return delegate.encode(node, format, path, model);
            }
        }

        @Override
        public byte[] encodeNodes(Map<LwM2mPath, LwM2mNode> nodes, ContentFormat format, LwM2mModel model) {
            switch (payload) {
            case TIMESTAMPED:
                return delegate.encodeTimestampedNodes(TimestampedLwM2mNodes.builder().addNodes(timestamp, nodes)
                        .build(), format, model);
            case GARBAGE:
                return GARBAGE.clone();
            case WRONG_TYPE:
                return wrongType(format);
            default:
                return delegate.encodeNodes(nodes, format, model);
            }
        }

        @Override
        public byte[] encodeTimestampedData(List<TimestampedLwM2mNode> nodes, ContentFormat format, LwM2mPath path,
                LwM2mModel model) {
            return delegate.encodeTimestampedData(nodes, format, path, model);
        }

        @Override
        public byte[] encodeTimestampedNodes(TimestampedLwM2mNodes data, ContentFormat format, LwM2mModel model) {
            switch (payload) {
            case TIMESTAMPED:
                return delegate.encodeTimestampedNodes(TimestampedLwM2mNodes.builder().addNodes(timestamp,
                        data.getNodes()).build(), format, model);
            case GARBAGE:
                return GARBAGE.clone();
            case WRONG_TYPE:
                return wrongType(format);
            default:
                return delegate.encodeTimestampedNodes(data, format, model);
            }
        }

        @Override
        public byte[] encodePaths(List<LwM2mPath> paths, ContentFormat format) {
            return delegate.encodePaths(paths, format);
        }

        @Override
        public boolean isSupported(ContentFormat format) {
            return delegate.isSupported(format);
        }

        @Override
        public Set<ContentFormat> getSupportedContentFormat() {
            return delegate.getSupportedContentFormat();
        }
    }
}
