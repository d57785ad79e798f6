// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * LwM2M operations queued through the REST API and executed by the dispatcher on a real device over DTLS: read,
 * write, execute, observe, discover, their failures with the device's CoAP code, and the durable queue.
 */
@TestInstance(Lifecycle.PER_CLASS)
class CommandIT {

    private static final Duration REGISTER = Duration.ofSeconds(15);

    MotehubTestServer motehub;
    TestDevice device;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        motehub = new MotehubTestServer(dir);
        byte[] key = motehub.createDevice("cmd-1");
        device = motehub.device("cmd-1", key, 300).start();
        assertThat(device.awaitRegistered(REGISTER)).isTrue();
        await().atMost(REGISTER).until(() -> motehub.get("/api/v1/devices/cmd-1").json().get("online").asBoolean());
    }

    @AfterAll
    void stop() {
        if (device != null) {
            device.close();
        }
        motehub.close();
    }

    private JsonNode run(String endpoint, String body) throws Exception {
        MotehubTestServer.Response r = motehub.post("/api/v1/devices/" + endpoint + "/commands?wait=10s", body);
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        return r.json();
    }

    @Test
    void read_of_the_device_object_returns_its_resources_by_id() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3/0\"}");
        assertThat(c.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(c.get("coapCode").asText()).isEqualTo("2.05");
        assertThat(c.at("/result/resources/0").asText()).isEqualTo("Motehub Test");
        assertThat(c.at("/result/resources/2").asText()).isEqualTo("cmd-1");
        assertThat(c.get("sentAt").isNull()).isFalse();
        assertThat(c.get("completedAt").isNull()).isFalse();
    }

    @Test
    void read_of_a_float_resource_returns_its_value() throws Exception {
        device.temperature.set(23.25);
        JsonNode c = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3303/0/5700\"}");
        assertThat(c.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(c.at("/result/value").asDouble()).isEqualTo(23.25);
    }

    @Test
    void write_then_read_back_a_writable_resource() throws Exception {
        JsonNode w = run("cmd-1", "{\"type\":\"WRITE\",\"path\":\"/3/0/14\",\"value\":\"+02:00\"}");
        assertThat(w.get("status").asText()).as(w.toString()).isEqualTo("SUCCEEDED");
        assertThat(w.get("coapCode").asText()).isEqualTo("2.04");
        JsonNode r = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3/0/14\"}");
        assertThat(r.at("/result/value").asText()).isEqualTo("+02:00");
    }

    @Test
    void write_to_a_read_only_resource_fails_with_the_device_code() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"WRITE\",\"path\":\"/3/0/0\",\"value\":\"evil\"}");
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("coapCode").asText()).isEqualTo("4.05");
        assertThat(c.get("error").asText()).contains("4.05");
    }

    @Test
    void write_of_a_value_of_the_wrong_type_fails_before_it_is_sent() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"WRITE\",\"path\":\"/3/0/13\",\"value\":\"yesterday\"}");
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("coapCode").isNull()).isTrue();
        assertThat(c.get("error").asText()).contains("resource 13").contains("TIME");
    }

    @Test
    void read_of_a_resource_the_device_does_not_have_fails_with_not_found() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3303/0/5601\"}");
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("coapCode").asText()).isEqualTo("4.04");
    }

    @Test
    void read_of_an_object_the_device_does_not_have_fails_with_not_found() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3304/0\"}");
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("coapCode").asText()).isEqualTo("4.04");
    }

    @Test
    void execute_of_an_executable_resource_runs_it_on_the_device() throws Exception {
        int before = device.temperature.resets.get();
        JsonNode c = run("cmd-1", "{\"type\":\"EXECUTE\",\"path\":\"/3303/0/5605\"}");
        assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("SUCCEEDED");
        assertThat(c.get("coapCode").asText()).isEqualTo("2.04");
        assertThat(device.temperature.resets.get()).isEqualTo(before + 1);
    }

    @Test
    void execute_the_device_cannot_perform_fails_with_its_code() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"EXECUTE\",\"path\":\"/3/0/4\"}");
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("coapCode").asText()).isEqualTo("5.00");
        assertThat(c.get("error").asText()).contains("not implemented");
    }

    @Test
    void discover_returns_the_object_links() throws Exception {
        JsonNode c = run("cmd-1", "{\"type\":\"DISCOVER\",\"path\":\"/3303\"}");
        assertThat(c.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(c.at("/result/links").asText()).contains("</3303/0/5700>");
    }

    @Test
    void observe_returns_the_current_value_and_cancel_removes_the_observation() throws Exception {
        JsonNode o = run("cmd-1", "{\"type\":\"OBSERVE\",\"path\":\"/3303/0/5701\"}");
        assertThat(o.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(o.at("/result/value").asText()).isEqualTo("Cel");
        var registration = motehub.server().lwm2m().getRegistrationService().getByEndpoint("cmd-1");
        assertThat(motehub.server().lwm2m().getObservationService().getObservations(registration)).isNotEmpty();

        JsonNode c = run("cmd-1", "{\"type\":\"CANCEL_OBSERVE\",\"path\":\"/3303/0/5701\"}");
        assertThat(c.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(c.at("/result/cancelled").asInt()).isEqualTo(1);
    }

    @Test
    void commands_are_listed_oldest_first_and_read_back_by_id() throws Exception {
        JsonNode first = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3/0/0\"}");
        JsonNode second = run("cmd-1", "{\"type\":\"READ\",\"path\":\"/3/0/1\"}");
        MotehubTestServer.Response one = motehub.get("/api/v1/devices/cmd-1/commands/" + first.get("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("path").asText()).isEqualTo("/3/0/0");
        JsonNode list = motehub.get("/api/v1/devices/cmd-1/commands?limit=1000").json();
        String ids = list.get("items").findValuesAsText("id").toString();
        assertThat(ids.indexOf(first.get("id").asText())).isLessThan(ids.indexOf(second.get("id").asText()));
    }

    @Test
    void malformed_commands_are_refused_with_the_field_named() throws Exception {
        for (String[] bad : new String[][] { { "{\"type\":\"READ\",\"path\":\"/3/x\"}", "path" },
                { "{\"type\":\"READ\",\"path\":\"/70000/0\"}", "path" },
                { "{\"type\":\"WRITE\",\"path\":\"/3/0/13\"}", "value" },
                { "{\"type\":\"FLY\",\"path\":\"/3/0\"}", "type" },
                { "{\"type\":\"READ\",\"path\":\"/3/0\",\"extra\":1}", "extra" } }) {
            MotehubTestServer.Response r = motehub.post("/api/v1/devices/cmd-1/commands", bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").findValuesAsText("field")).as(bad[0]).contains(bad[1]);
        }
        assertThat(motehub.post("/api/v1/devices/nobody/commands", "{\"type\":\"READ\",\"path\":\"/3/0\"}")
                .status()).isEqualTo(404);
    }

    @Test
    void command_for_an_offline_device_waits_in_the_queue_and_runs_when_it_registers() throws Exception {
        byte[] key = motehub.createDevice("cmd-sleeper");
        MotehubTestServer.Response queued = motehub.post("/api/v1/devices/cmd-sleeper/commands?wait=300ms",
                "{\"type\":\"READ\",\"path\":\"/3/0/0\"}");
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().get("status").asText()).isEqualTo("PENDING");
        String location = "/api/v1/devices/cmd-sleeper/commands/" + queued.json().get("id").asText();

        try (TestDevice sleeper = motehub.device("cmd-sleeper", key, 300).start()) {
            assertThat(sleeper.awaitRegistered(REGISTER)).isTrue();
            JsonNode done = motehub.get(location + "?wait=10s").json();
            assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.at("/result/value").asText()).isEqualTo("Motehub Test");
        }
    }

    @Test
    void object_tree_names_the_objects_and_resources_from_the_model() throws Exception {
        JsonNode tree = motehub.get("/api/v1/devices/cmd-1/objects").json();
        JsonNode objects = tree.get("objects");
        JsonNode temperature = null;
        for (JsonNode o : objects) {
            if (o.get("id").asInt() == 3303) {
                temperature = o;
            }
        }
        assertThat(temperature).isNotNull();
        assertThat(temperature.get("name").asText()).isEqualTo("Temperature");
        assertThat(temperature.get("instances").get(0).asInt()).isZero();
        assertThat(temperature.get("resources").findValuesAsText("name")).contains("Sensor Value");
        assertThat(objects.findValuesAsText("name")).contains("Device");
    }
}
