// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.server.lwm2m.cbor.LwM2mCborNodeDecoder;
import org.motehub.server.lwm2m.cbor.MotehubCodecs;
import org.motehub.server.objects.ObjectModels;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Leshan client whose encoder and decoder include LwM2M-CBOR (so it announces 11544 in {@code ct=}) is read,
 * written and observed through Motehub's REST command API over DTLS. A Californium interceptor on the client's
 * endpoint records the CoAP messages, so each test proves from the wire that LwM2M-CBOR was asked for (Accept) or
 * sent (Content-Format), and that the payload is LwM2M-CBOR.
 */
@TestInstance(Lifecycle.PER_CLASS)
class LwM2mCborIT {

    private static final Duration REGISTER = Duration.ofSeconds(15);
    private static final String EP = "cbor-1";
    private static final StaticModel MODEL = new StaticModel(ObjectModels.bundled());

    private final TestDevice.Temperature temperature = new TestDevice.Temperature();
    private final Wire wire = new Wire();
    private final Queue<ObserveResponse> notifications = new ConcurrentLinkedQueue<>();
    private MotehubTestServer motehub;
    private LeshanClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        motehub = new MotehubTestServer(dir);
        byte[] key = motehub.createDevice(EP);
        CaliforniumClientEndpointsProvider endpoints = new CaliforniumClientEndpointsProvider.Builder(
                new CoapsClientProtocolProvider()).build();
        client = cborClient(motehub.coapsUri(), key, endpoints);
        CountDownLatch registered = new CountDownLatch(1);
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String regId) {
                registered.countDown();
            }
        });
        client.start();
        assertThat(registered.await(REGISTER.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (Endpoint e : endpoints.getCoapServer().getEndpoints()) {
            e.addInterceptor(wire);
        }
        await().atMost(REGISTER).until(() -> motehub.get("/api/v1/devices/" + EP).json().get("online").asBoolean());
        motehub.server().lwm2m().getObservationService().addListener(new NotificationRecorder());
    }

    private LeshanClient cborClient(URI serverUri, byte[] key, CaliforniumClientEndpointsProvider endpoints) {
        ObjectsInitializer init = new ObjectsInitializer(MODEL);
        init.setInstancesForObject(LwM2mId.SECURITY,
                Security.psk(serverUri.toString(), 123, (EP + "-id").getBytes(UTF_8), key));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300, EnumSet.of(BindingMode.U), false,
                BindingMode.U));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("Motehub Test", "cbor-device", EP));
        init.setInstancesForObject(3303, temperature);
        init.setFactoryForObject(3303, (model, id, used) -> {
            throw new IllegalStateException("the test device has one temperature sensor");
        });
        return new LeshanClientBuilder(EP)
                .setObjects(init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, 3303))
                .setEncoder(MotehubCodecs.encoder()).setDecoder(MotehubCodecs.decoder())
                .setRegistrationEngineFactory(new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(5_000))
                .setEndpointsProviders(endpoints).build();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.destroy(false);
        }
        if (motehub != null) {
            motehub.close();
        }
    }

    @BeforeEach
    void clearWire() {
        wire.requests.clear();
        wire.responses.clear();
    }

    private JsonNode run(String body) throws Exception {
        MotehubTestServer.Response r = motehub.post("/api/v1/devices/" + EP + "/commands?wait=10s", body);
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        JsonNode command = r.json();
        assertThat(command.get("status").asText()).as(command.toString()).isEqualTo("SUCCEEDED");
        return command;
    }

    private static LwM2mNode decode(byte[] payload, String path) {
        LwM2mPath p = new LwM2mPath(path);
        return new LwM2mCborNodeDecoder().decode(payload, p, MODEL, DefaultLwM2mDecoder.nodeClassFromPath(p));
    }

    @Test
    void device_announces_lwm2m_cbor_in_its_registration() {
        Registration registration = motehub.server().lwm2m().getRegistrationService().getByEndpoint(EP);
        assertThat(registration.getSupportedContentFormats()).contains(MotehubCodecs.LWM2M_CBOR);
    }

    @Test
    void read_of_an_object_instance_asks_for_and_gets_lwm2m_cbor() throws Exception {
        temperature.set(23.25);
        JsonNode c = run("{\"type\":\"READ\",\"path\":\"/3303/0\"}");
        assertThat(c.at("/result/resources/5700").asDouble()).isEqualTo(23.25);
        assertThat(c.at("/result/resources/5701").asText()).isEqualTo("Cel");

        Seen request = wire.request("3303/0");
        assertThat(request.accept()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        Seen response = wire.responseTo(request);
        assertThat(response.contentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        // {[3303, 0]: {5700: 23.25, 5701: "Cel"}}
        assertThat(HexFormat.of().formatHex(response.payload())).isEqualTo("a182190ce700a2191644f94dd01916456343656c");
    }

    @Test
    void read_of_the_device_object_decodes_strings_and_multi_instance_resources() throws Exception {
        JsonNode c = run("{\"type\":\"READ\",\"path\":\"/3/0\"}");
        assertThat(c.at("/result/resources/0").asText()).isEqualTo("Motehub Test");
        assertThat(c.at("/result/resources/2").asText()).isEqualTo(EP);
        Seen response = wire.responseTo(wire.request("3/0"));
        assertThat(response.contentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        LwM2mObjectInstance device = (LwM2mObjectInstance) decode(response.payload(), "/3/0");
        assertThat(device.getResource(0).getValue()).isEqualTo("Motehub Test");
    }

    @Test
    void write_of_a_resource_sends_lwm2m_cbor() throws Exception {
        JsonNode w = run("{\"type\":\"WRITE\",\"path\":\"/3/0/14\",\"value\":\"+05:30\"}");
        assertThat(w.get("coapCode").asText()).isEqualTo("2.04");
        Seen put = wire.request("3/0/14");
        assertThat(put.code()).isEqualTo("PUT");
        assertThat(put.contentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        assertThat(decode(put.payload(), "/3/0/14")).isEqualTo(LwM2mSingleResource.newStringResource(14, "+05:30"));

        JsonNode r = run("{\"type\":\"READ\",\"path\":\"/3/0/14\"}");
        assertThat(r.at("/result/value").asText()).isEqualTo("+05:30");
    }

    @Test
    void write_of_an_object_instance_sends_lwm2m_cbor() throws Exception {
        run("{\"type\":\"WRITE\",\"path\":\"/3/0\",\"values\":{\"14\":\"-03:00\",\"15\":\"America/Sao_Paulo\"}}");
        Seen post = wire.request("3/0");
        assertThat(post.code()).isEqualTo("POST");
        assertThat(post.contentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        LwM2mObjectInstance written = (LwM2mObjectInstance) decode(post.payload(), "/3/0");
        assertThat(written.getResources()).containsOnlyKeys(14, 15);

        JsonNode r = run("{\"type\":\"READ\",\"path\":\"/3/0/15\"}");
        assertThat(r.at("/result/value").asText()).isEqualTo("America/Sao_Paulo");
    }

    @Test
    void observe_and_its_notifications_use_lwm2m_cbor() throws Exception {
        temperature.set(18.5);
        JsonNode o = run("{\"type\":\"OBSERVE\",\"path\":\"/3303/0/5700\"}");
        assertThat(o.at("/result/value").asDouble()).isEqualTo(18.5);
        Seen observe = wire.request("3303/0/5700");
        assertThat(observe.accept()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);

        notifications.clear();
        temperature.set(31.75);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifications.stream()
                .anyMatch(n -> ((LwM2mSingleResource) n.getContent()).getValue().equals(31.75)));
        List<Seen> sent = wire.responsesTo(observe);
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2); // the answer to the observe, then the notification
        for (Seen s : sent) {
            assertThat(s.contentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR_CODE);
        }
        assertThat(decode(sent.get(sent.size() - 1).payload(), "/3303/0/5700"))
                .isEqualTo(LwM2mSingleResource.newFloatResource(5700, 31.75));

        JsonNode c = run("{\"type\":\"CANCEL_OBSERVE\",\"path\":\"/3303/0/5700\"}");
        assertThat(c.at("/result/cancelled").asInt()).isEqualTo(1);
    }

    /** A CoAP message as seen on the device's endpoint. */
    record Seen(String code, String path, int accept, int contentFormat, byte[] payload, String token) {
        static Seen of(Message m, String code, String path) {
            return new Seen(code, path, m.getOptions().getAccept(), m.getOptions().getContentFormat(), m.getPayload(),
                    m.getTokenString());
        }
    }

    /** Records requests the device receives and responses (and notifications) it sends. */
    static final class Wire extends MessageInterceptorAdapter {
        final Queue<Seen> requests = new ConcurrentLinkedQueue<>();
        final Queue<Seen> responses = new ConcurrentLinkedQueue<>();

        @Override
        public void receiveRequest(Request request) {
            requests.add(Seen.of(request, request.getCode().name(), request.getOptions().getUriPathString()));
        }

        @Override
        public void sendResponse(Response response) {
            responses.add(Seen.of(response, response.getCode().name(), null));
        }

        Seen request(String path) {
            return requests.stream().filter(s -> path.equals(s.path())).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no request for " + path + " in " + requests));
        }

        Seen responseTo(Seen request) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !responsesTo(request).isEmpty());
            return responsesTo(request).get(0);
        }

        List<Seen> responsesTo(Seen request) {
            return responses.stream().filter(s -> s.token().equals(request.token())).toList();
        }
    }

    /** Keeps the notifications the server decodes for this device. */
    private final class NotificationRecorder implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (EP.equals(registration.getEndpoint())) {
                notifications.add(response);
            }
        }

        @Override
        public void onResponse(CompositeObservation observation, Registration registration,
                ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }
    }
}
