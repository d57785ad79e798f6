// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** The device registry over real HTTP, on RocksDB and the model's default services. */
class DeviceApiIT {

    @TempDir
    Path dir;

    private WebFixture web;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
    }

    @AfterEach
    void no_key_ever_left_the_server_then_stop() {
        try {
            for (String body : web.bodies()) {
                for (String key : web.keys()) {
                    assertThat(body.toLowerCase()).as("a response body").doesNotContain(key);
                }
            }
        } finally {
            web.close();
        }
    }

    @Test
    void create_answers_201_with_location_and_the_device_without_its_key() {
        HttpResponse<String> created = web.createDevice("dev-1");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/devices/dev-1");
        assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode device = WebFixture.json(created);
        assertThat(device.path("endpoint").asText()).isEqualTo("dev-1");
        assertThat(device.path("name").asText()).isEqualTo("Device dev-1");
        assertThat(device.path("state").asText()).isEqualTo("PROVISIONING");
        assertThat(device.path("online").asBoolean(true)).isFalse();
        assertThat(device.has("lastSeen")).isTrue();
        assertThat(device.path("lastSeen").isNull()).isTrue();
        assertThat(device.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(device.path("credentials").path("type").asText()).isEqualTo("PSK");
        assertThat(device.path("credentials").path("identity").asText()).isEqualTo("id-dev-1");
        assertThat(device.path("credentials").has("key")).isFalse();
        assertThat(device.has("registration")).isTrue();
        assertThat(device.path("registration").isNull()).isTrue();
        assertThat(created.body()).doesNotContain(WebFixture.keyOf("dev-1"));
    }

    @Test
    void create_without_name_uses_the_endpoint_as_name() {
        String body = "{\"endpoint\":\"plain\",\"credentials\":{\"type\":\"PSK\",\"identity\":\"plain\",\"key\":\""
                + WebFixture.keyOf("plain") + "\"}}";
        web.newDeviceJson("plain"); // remembers the key as a secret

        HttpResponse<String> created = web.post("/api/v1/devices", body);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(WebFixture.json(created).path("name").asText()).isEqualTo("plain");
    }

    @Test
    void get_answers_the_device_and_404_for_an_unknown_one() {
        web.createDevice("dev-1");

        HttpResponse<String> found = web.get("/api/v1/devices/dev-1");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(found).path("endpoint").asText()).isEqualTo("dev-1");

        assertProblem(web.get("/api/v1/devices/nobody"), 404);
    }

    @Test
    void a_registered_device_shows_its_registration() {
        web.createDevice("dev-1");
        web.lwm2m().register("dev-1");

        JsonNode registration = WebFixture.json(web.get("/api/v1/devices/dev-1")).path("registration");

        assertThat(registration.path("id").asText()).isEqualTo("reg-dev-1");
        assertThat(registration.path("address").asText()).isEqualTo("127.0.0.1:56830");
        assertThat(registration.path("lwm2mVersion").asText()).isEqualTo("1.1");
        assertThat(registration.path("binding").asText()).isEqualTo("UQ");
        assertThat(registration.path("queueMode").asBoolean()).isTrue();
        assertThat(registration.path("lifetimeSeconds").asLong()).isEqualTo(300);
        assertThat(registration.path("objectLinks").asText()).contains("</3/0>");
        assertThat(registration.path("registeredAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(registration.path("updatedAt").asText()).isEqualTo("2026-11-23T10:01:00Z");
    }

    @Test
    void duplicate_endpoint_is_409_naming_endpoint() {
        assertThat(web.createDevice("dev-1").statusCode()).isEqualTo(201);

        HttpResponse<String> again = web.post("/api/v1/devices", web.newDeviceJson("dev-1", "other-identity",
                WebFixture.keyOf("again")));

        assertProblem(again, 409, "endpoint");
    }

    @Test
    void duplicate_identity_is_409_naming_the_identity() {
        web.post("/api/v1/devices", web.newDeviceJson("dev-1", "shared", WebFixture.keyOf("dev-1")));

        HttpResponse<String> clash = web.post("/api/v1/devices", web.newDeviceJson("dev-2", "shared",
                WebFixture.keyOf("dev-2")));

        assertProblem(clash, 409, "credentials.identity");
    }

    @Test
    void empty_endpoint_is_400_naming_endpoint() {
        assertProblem(web.post("/api/v1/devices", web.newDeviceJson("", "x", WebFixture.keyOf("x"))), 400,
                "endpoint");
    }

    @Test
    void over_long_endpoint_is_400_naming_endpoint() {
        String endpoint = "e".repeat(129);
        String body = web.newDeviceJson(endpoint, "x", WebFixture.keyOf("x")).replace("Device " + endpoint, "long");

        assertProblem(web.post("/api/v1/devices", body), 400, "endpoint");
        assertThat(web.createDevice("e".repeat(128)).statusCode()).isEqualTo(400); // name "Device eee..." too long
        String longest = web.newDeviceJson("e".repeat(128), "x", WebFixture.keyOf("x")).replace("Device ", "");
        assertThat(web.post("/api/v1/devices", longest).statusCode()).isEqualTo(201);
    }

    @Test
    void key_that_is_not_hexadecimal_is_400_naming_the_key() {
        String body = web.newDeviceJson("dev-1", "dev-1", "zz" + WebFixture.keyOf("dev-1").substring(2));

        assertProblem(web.post("/api/v1/devices", body), 400, "credentials.key");
    }

    @Test
    void key_shorter_than_16_bytes_is_400_naming_the_key() {
        assertProblem(web.post("/api/v1/devices", web.newDeviceJson("dev-1", "dev-1", "00112233445566778899")), 400,
                "credentials.key");
    }

    @Test
    void every_bad_field_is_named_at_once() {
        String body = "{\"endpoint\":\"bad endpoint\",\"credentials\":{\"type\":\"RPK\",\"identity\":\"\"}}";

        assertProblem(web.post("/api/v1/devices", body), 400, "endpoint", "credentials.type",
                "credentials.identity", "credentials.key");
    }

    @Test
    void unknown_top_level_field_is_400_naming_it() {
        String body = web.newDeviceJson("dev-1").replaceFirst("\\{", "{\"colour\":\"red\",");

        JsonNode problem = assertProblem(web.post("/api/v1/devices", body), 400, "colour");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("credentials", "endpoint");
    }

    @Test
    void unknown_nested_field_is_400_naming_its_path() {
        String body = web.newDeviceJson("dev-1").replace("\"type\":\"PSK\"", "\"type\":\"PSK\",\"foo\":1");

        assertProblem(web.post("/api/v1/devices", body), 400, "credentials.foo");
    }

    @Test
    void field_of_the_wrong_json_type_is_400_naming_it() {
        String body = web.newDeviceJson("dev-1").replace("\"name\":\"Device dev-1\"", "\"name\":{\"a\":1}");

        assertProblem(web.post("/api/v1/devices", body), 400, "name");
    }

    @Test
    void malformed_json_is_400_naming_body() {
        assertProblem(web.post("/api/v1/devices", "{\"endpoint\": \"dev-1\","), 400, "body");
        assertProblem(web.post("/api/v1/devices", "{endpoint: dev-1}"), 400, "body");
        assertProblem(web.post("/api/v1/devices", web.newDeviceJson("dev-1") + " trailing"), 400, "body");
        assertProblem(web.post("/api/v1/devices", "[1, 2]"), 400, "body");
    }

    @Test
    void empty_body_is_400_naming_body() {
        assertProblem(web.post("/api/v1/devices", ""), 400, "body");
        assertProblem(web.post("/api/v1/devices", "null"), 400, "body");
    }

    @Test
    void list_pages_through_7_devices_3_at_a_time_in_endpoint_order() {
        for (int i = 7; i >= 1; i--) {
            assertThat(web.createDevice("dev-" + i).statusCode()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            String query = "/api/v1/devices?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = web.get(query);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode json = WebFixture.json(page);
            assertThat(json.has("nextCursor")).isTrue();
            json.path("items").forEach(d -> seen.add(d.path("endpoint").asText()));
            pageSizes.add(json.path("items").size());
            cursor = json.path("nextCursor").isNull() ? null : json.path("nextCursor").asText();
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactly("dev-1", "dev-2", "dev-3", "dev-4", "dev-5", "dev-6", "dev-7");
    }

    @Test
    void list_filters_by_state_and_presence() {
        web.createDevice("dev-1");
        web.createDevice("dev-2");
        web.createDevice("dev-3");
        web.devices().registered("dev-2", java.time.Instant.now());
        web.patch("/api/v1/devices/dev-3", "{\"state\":\"DECOMMISSIONED\"}");

        assertThat(endpoints("/api/v1/devices?state=ACTIVE")).containsExactly("dev-2");
        assertThat(endpoints("/api/v1/devices?state=provisioning")).containsExactly("dev-1");
        assertThat(endpoints("/api/v1/devices?online=true")).containsExactly("dev-2");
        assertThat(endpoints("/api/v1/devices?online=false")).containsExactly("dev-1", "dev-3");
        assertThat(endpoints("/api/v1/devices?state=DECOMMISSIONED&online=false")).containsExactly("dev-3");
        assertThat(endpoints("/api/v1/devices")).containsExactly("dev-1", "dev-2", "dev-3");
    }

    @Test
    void bad_query_parameters_are_400_naming_each_one() {
        assertProblem(web.get("/api/v1/devices?state=SLEEPING"), 400, "state");
        assertProblem(web.get("/api/v1/devices?online=maybe"), 400, "online");
        assertProblem(web.get("/api/v1/devices?limit=abc"), 400, "limit");
        assertProblem(web.get("/api/v1/devices?limit=0"), 400, "limit");
        assertProblem(web.get("/api/v1/devices?limit=1001"), 400, "limit");
        assertProblem(web.get("/api/v1/devices?cursor=!!!"), 400, "cursor");
        assertProblem(web.get("/api/v1/devices?state=SLEEPING&limit=-1&online=1"), 400, "state", "online", "limit");
    }

    @Test
    void patch_moves_a_device_through_allowed_transitions() {
        web.createDevice("dev-1");

        assertThat(state(web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\"}"))).isEqualTo("ACTIVE");
        assertThat(state(web.patch("/api/v1/devices/dev-1", "{\"state\":\"SUSPENDED\"}"))).isEqualTo("SUSPENDED");
        assertThat(state(web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\"}"))).isEqualTo("ACTIVE");
        assertThat(state(web.get("/api/v1/devices/dev-1"))).isEqualTo("ACTIVE");
    }

    @Test
    void patch_renames_a_device() {
        web.createDevice("dev-1");

        HttpResponse<String> renamed = web.patch("/api/v1/devices/dev-1", "{\"name\":\"Boiler room\"}");

        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(renamed).path("name").asText()).isEqualTo("Boiler room");
        assertThat(WebFixture.json(renamed).path("state").asText()).isEqualTo("PROVISIONING");
    }

    @Test
    void patch_with_a_transition_that_is_not_allowed_is_409() {
        web.createDevice("dev-1");

        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"state\":\"SUSPENDED\"}"), 409);
        web.delete("/api/v1/devices/dev-1");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\"}"), 409);
    }

    @Test
    void patch_with_bad_input_is_400_naming_the_field() {
        web.createDevice("dev-1");

        JsonNode problem = assertProblem(web.patch("/api/v1/devices/dev-1", "{\"state\":\"ASLEEP\"}"), 400,
                "state");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("SUSPENDED");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\",\"owner\":\"me\"}"), 400, "owner");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"name\":\"  \"}"), 400, "name");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{}"), 400, "body");
        assertProblem(web.patch("/api/v1/devices/nobody", "{\"name\":\"x\"}"), 404);
    }

    @Test
    void delete_is_204_decommissions_erases_credentials_and_is_idempotent() {
        web.createDevice("dev-1");

        HttpResponse<String> deleted = web.delete("/api/v1/devices/dev-1");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        JsonNode device = WebFixture.json(web.get("/api/v1/devices/dev-1"));
        assertThat(device.path("state").asText()).isEqualTo("DECOMMISSIONED");
        assertThat(device.has("credentials")).isTrue();
        assertThat(device.path("credentials").isNull()).isTrue();
        assertThat(web.delete("/api/v1/devices/dev-1").statusCode()).isEqualTo(204);
        assertProblem(web.delete("/api/v1/devices/nobody"), 404);
    }

    @Test
    void key_never_appears_in_any_response() {
        web.createDevice("dev-1");
        web.createDevice("dev-2");
        web.lwm2m().register("dev-1");
        web.get("/api/v1/devices/dev-1");
        web.get("/api/v1/devices");
        web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\"}");
        web.post("/api/v1/devices", web.newDeviceJson("dev-1"));
        web.post("/api/v1/devices", web.newDeviceJson("dev-3", "id-dev-1", WebFixture.keyOf("dev-3")));
        web.delete("/api/v1/devices/dev-2");
        web.get("/api/v1/devices/dev-2");

        assertThat(web.bodies()).hasSizeGreaterThanOrEqualTo(9);
        assertThat(web.keys()).hasSize(3);
        for (String body : web.bodies()) {
            for (String key : web.keys()) {
                assertThat(body.toLowerCase()).doesNotContain(key);
            }
        }
    }

    @Test
    void objects_of_a_registered_device_are_listed() {
        web.createDevice("dev-1");
        web.lwm2m().register("dev-1");

        HttpResponse<String> response = web.get("/api/v1/devices/dev-1/objects");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = WebFixture.json(response);
        assertThat(json.path("endpoint").asText()).isEqualTo("dev-1");
        assertThat(json.path("objects")).hasSize(3);
        JsonNode device = json.path("objects").get(1);
        assertThat(device.path("id").asInt()).isEqualTo(3);
        assertThat(device.path("name").asText()).isEqualTo("Device");
        assertThat(device.path("instances").toString()).isEqualTo("[0]");
        assertThat(device.path("resources").get(1).path("operations").asText()).isEqualTo("E");
        assertThat(device.path("resources").get(0).has("units")).isTrue();
    }

    @Test
    void objects_of_an_offline_device_are_409_and_of_an_unknown_device_404() {
        web.createDevice("dev-1");

        JsonNode problem = assertProblem(web.get("/api/v1/devices/dev-1/objects"), 409);
        assertThat(problem.path("detail").asText()).isEqualTo("device is not registered");
        assertProblem(web.get("/api/v1/devices/nobody/objects"), 404);
    }

    private List<String> endpoints(String query) {
        HttpResponse<String> response = web.get(query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> endpoints = new ArrayList<>();
        WebFixture.json(response).path("items").forEach(d -> endpoints.add(d.path("endpoint").asText()));
        return endpoints;
    }

    private static String state(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WebFixture.json(response).path("state").asText();
    }
}
