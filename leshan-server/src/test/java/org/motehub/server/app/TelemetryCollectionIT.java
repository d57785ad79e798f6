// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.telemetry.TelemetryPoint;
import org.motehub.server.app.SensorDevice.Payload;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every notification and every Send of real Leshan clients over DTLS reaches {@code TelemetryIngest} with the right
 * paths, value types and times; devices that send garbage are counted and disturb nobody.
 */
class TelemetryCollectionIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant DEVICE_TIME = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;
    MotehubTestServer motehub;
    private final List<SensorDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() {
        motehub = new MotehubTestServer(dir);
    }

    @AfterEach
    void stop() {
        devices.forEach(SensorDevice::close);
        motehub.close();
    }

    private void profile(String json) throws Exception {
        MotehubTestServer.Response r = motehub.post("/api/v1/profiles", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Creates the device with {@code profile} (or none), starts it and waits until its profile paths answered. */
    private SensorDevice device(String endpoint, String profile, int observations) throws Exception {
        byte[] key = motehub.createDevice(endpoint);
        if (profile != null) {
            assertThat(motehub.patch("/api/v1/devices/" + endpoint, "{\"profile\":\"" + profile + "\"}").status())
                    .isEqualTo(200);
        }
        SensorDevice d = new SensorDevice(motehub.coapsUri(), endpoint, endpoint + "-id", key, 300).start();
        devices.add(d);
        assertThat(d.awaitRegistered(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> motehub.get("/api/v1/devices/" + endpoint).json().at(
                "/telemetry/observedPaths").size() == observations);
        return d;
    }

    private List<TelemetryPoint> points(String endpoint, String path) {
        return motehub.ingest.of(endpoint, path);
    }

    private JsonNode telemetry(String endpoint) throws Exception {
        return motehub.get("/api/v1/devices/" + endpoint).json().path("telemetry");
    }

    @Test
    void notifications_reach_ingest_with_typed_values_and_the_server_time() throws Exception {
        profile("{\"name\":\"p\",\"observe\":[{\"path\":\"/3303/0/5700\"},{\"path\":\"/3/0/9\"},"
                + "{\"path\":\"/3/0/7\"}]}");
        SensorDevice d = device("tc-1", "p", 3);
        Instant before = Instant.now();

        d.temperature.set(30.5);
        d.power.battery(55);
        d.power.voltages(Map.of(0, 3100L, 1, 4900L));

        await().atMost(WAIT).until(() -> motehub.ingest.values("tc-1", "/3303/0/5700").contains(30.5)
                && motehub.ingest.values("tc-1", "/3/0/9").contains(55L)
                && motehub.ingest.values("tc-1", "/3/0/7/1").contains(4900L));
        TelemetryPoint t = points("tc-1", "/3303/0/5700").stream().filter(p -> p.value().equals(30.5)).findFirst()
                .orElseThrow();
        assertThat(t.value()).isInstanceOf(Double.class);
        assertThat(t.time()).isBetween(before, Instant.now());
        assertThat(motehub.ingest.values("tc-1", "/3/0/7/0")).contains(3300L, 3100L);
        assertThat(motehub.ingest.of("tc-1")).extracting(TelemetryPoint::path).doesNotContain("/3/0/7");
        assertThat(telemetry("tc-1").path("rejectedPayloads").asLong()).isZero();
        await().atMost(WAIT).until(() -> motehub.server().telemetry().latest("tc-1").stream()
                .anyMatch(p -> p.path().equals("/3/0/9") && p.value().equals(55L)));
    }

    @Test
    void senml_timestamps_of_the_device_are_kept_in_single_notifications() throws Exception {
        profile("{\"name\":\"p\",\"contentFormat\":\"SENML_CBOR\",\"observe\":[{\"path\":\"/3303/0/5700\"}]}");
        SensorDevice d = device("tc-2", "p", 1);

        d.payload(Payload.TIMESTAMPED).timestamp(DEVICE_TIME);
        d.temperature.set(31.0);

        await().atMost(WAIT).until(() -> motehub.ingest.values("tc-2", "/3303/0/5700").contains(31.0));
        assertThat(points("tc-2", "/3303/0/5700")).contains(new TelemetryPoint("/3303/0/5700", DEVICE_TIME, 31.0));
    }

    @Test
    void senml_timestamps_of_the_device_are_kept_in_composite_notifications() throws Exception {
        profile("{\"name\":\"p\",\"compositeObserve\":true,\"contentFormat\":\"SENML_JSON\",\"observe\":["
                + "{\"path\":\"/3303/0/5700\"},{\"path\":\"/3/0/9\"}]}");
        SensorDevice d = device("tc-3", "p", 2);

        d.payload(Payload.TIMESTAMPED).timestamp(DEVICE_TIME.plusSeconds(60));
        d.temperature.set(18.25);

        await().atMost(WAIT).until(() -> motehub.ingest.values("tc-3", "/3303/0/5700").contains(18.25));
        assertThat(points("tc-3", "/3303/0/5700")).contains(new TelemetryPoint("/3303/0/5700",
                DEVICE_TIME.plusSeconds(60), 18.25));
        assertThat(points("tc-3", "/3/0/9")).contains(new TelemetryPoint("/3/0/9", DEVICE_TIME.plusSeconds(60),
                87L));
    }

    @Test
    void send_of_resources_no_profile_observes_is_ingested() throws Exception {
        SensorDevice d = device("tc-4", null, 0);
        Instant before = Instant.now();

        SendResponse sent = d.send(ContentFormat.SENML_CBOR, "/3/0/9", "/3/0/13", "/3303/0/5701", "/3/0/7/1");
        d.payload(Payload.TIMESTAMPED).timestamp(DEVICE_TIME);
        SendResponse stamped = d.send(ContentFormat.SENML_JSON, "/3303/0/5700");

        assertThat(sent.isSuccess()).isTrue();
        assertThat(stamped.isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> !points("tc-4", "/3303/0/5700").isEmpty());
        assertThat(motehub.ingest.values("tc-4", "/3/0/9")).containsExactly(87L);
        assertThat(motehub.ingest.values("tc-4", "/3/0/13")).containsExactly(Instant.parse("2026-03-04T05:06:07Z"));
        assertThat(motehub.ingest.values("tc-4", "/3303/0/5701")).containsExactly("Cel");
        assertThat(motehub.ingest.values("tc-4", "/3/0/7/1")).containsExactly(5000L);
        assertThat(points("tc-4", "/3/0/9").get(0).time()).isBetween(before, Instant.now());
        assertThat(points("tc-4", "/3303/0/5700")).containsExactly(new TelemetryPoint("/3303/0/5700", DEVICE_TIME,
                21.5));
    }

    @Test
    void garbage_is_counted_on_its_device_and_disturbs_no_other() throws Exception {
        profile("{\"name\":\"p\",\"contentFormat\":\"SENML_CBOR\",\"observe\":[{\"path\":\"/3303/0/5700\"}]}");
        SensorDevice bad = device("tc-5", "p", 1);
        SensorDevice good = device("tc-6", "p", 1);

        bad.payload(Payload.GARBAGE);
        bad.temperature.set(99.0);
        SendResponse refused = bad.send(ContentFormat.SENML_CBOR, "/3/0/9");
        good.temperature.set(23.0);

        assertThat(refused.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        await().atMost(WAIT).until(() -> telemetry("tc-5").path("rejectedPayloads").asLong() == 2);
        await().atMost(WAIT).until(() -> motehub.ingest.values("tc-6", "/3303/0/5700").contains(23.0));
        JsonNode t = telemetry("tc-5");
        assertThat(t.path("lastRejection").asText()).isNotBlank();
        assertThat(t.path("lastRejectedAt").asText()).endsWith("Z");
        assertThat(telemetry("tc-6").path("rejectedPayloads").asLong()).isZero();
        assertThat(motehub.ingest.values("tc-5", "/3303/0/5700")).doesNotContain(99.0);

        bad.payload(Payload.NORMAL);
        bad.temperature.set(24.0);

        await().atMost(WAIT).until(() -> motehub.ingest.values("tc-5", "/3303/0/5700").contains(24.0));
        assertThat(telemetry("tc-5").path("rejectedPayloads").asLong()).isEqualTo(2);
        assertThat(telemetry("tc-5").path("observedPaths")).extracting(JsonNode::asText)
                .containsExactly("/3303/0/5700");
    }

    @Test
    void values_of_the_wrong_type_are_counted_in_notifications_and_sends() throws Exception {
        profile("{\"name\":\"p\",\"contentFormat\":\"SENML_JSON\",\"observe\":[{\"path\":\"/3303/0/5700\"}]}");
        SensorDevice d = device("tc-7", "p", 1);

        d.payload(Payload.WRONG_TYPE);
        d.temperature.set(50.0);
        SendResponse refused = d.send(ContentFormat.SENML_JSON, "/3303/0/5700");

        assertThat(refused.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        await().atMost(WAIT).until(() -> telemetry("tc-7").path("rejectedPayloads").asLong() == 2);
        assertThat(motehub.ingest.values("tc-7", "/3303/0/5700")).containsExactly(21.5);
    }

    @Test
    void rejections_are_kept_across_a_restart() throws Exception {
        SensorDevice d = device("tc-8", null, 0);
        d.payload(Payload.GARBAGE);
        assertThat(d.send(ContentFormat.SENML_CBOR, "/3/0/9").getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        await().atMost(WAIT).until(() -> telemetry("tc-8").path("rejectedPayloads").asLong() == 1);

        motehub.restart();

        assertThat(telemetry("tc-8").path("rejectedPayloads").asLong()).isEqualTo(1);
    }
}
