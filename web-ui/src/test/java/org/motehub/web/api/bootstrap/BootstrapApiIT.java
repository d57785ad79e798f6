// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** Devices with bootstrap credentials, rotation requests and bootstrap profiles over real HTTP. */
class BootstrapApiIT {

    private static final String BS_KEY = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

    @TempDir
    Path dir;
    private WebFixture web;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
        web.secret(BS_KEY);
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

    private HttpResponse<String> createWithBootstrapOnly(String endpoint) {
        return web.post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"type\":\"meter\","
                + "\"bootstrapCredentials\":{\"type\":\"PSK\",\"identity\":\"bs-" + endpoint + "\",\"key\":\""
                + BS_KEY + "\"}}");
    }

    @Test
    void device_with_bootstrap_credentials_only_shows_its_identity_type_and_an_empty_bootstrap_history() {
        HttpResponse<String> created = createWithBootstrapOnly("bs-dev");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode device = WebFixture.json(created);
        assertThat(device.path("type").asText()).isEqualTo("meter");
        assertThat(device.path("credentials").isNull()).isTrue();
        assertThat(device.path("bootstrapCredentials").path("identity").asText()).isEqualTo("bs-bs-dev");
        assertThat(device.path("bootstrapCredentials").has("key")).isFalse();
        JsonNode bootstrap = device.path("bootstrap");
        assertThat(bootstrap.path("attempts").asInt()).isZero();
        assertThat(bootstrap.path("lastResult").isNull()).isTrue();
    }

    @Test
    void a_device_needs_dm_or_bootstrap_credentials_and_bad_bootstrap_keys_are_named() {
        assertProblem(web.post("/api/v1/devices", "{\"endpoint\":\"none\"}"), 400, "credentials");
        assertProblem(web.post("/api/v1/devices", "{\"endpoint\":\"bad\",\"bootstrapCredentials\":{\"type\":\"PSK\","
                + "\"identity\":\"x\",\"key\":\"abc\"}}"), 400, "bootstrapCredentials.key");
        createWithBootstrapOnly("first");
        assertProblem(web.post("/api/v1/devices", "{\"endpoint\":\"second\",\"bootstrapCredentials\":{\"type\":"
                + "\"PSK\",\"identity\":\"bs-first\",\"key\":\"" + BS_KEY + "\"}}"), 409,
                "bootstrapCredentials.identity");
    }

    @Test
    void rotation_of_an_offline_device_queues_its_bootstrap_trigger_and_shows_in_the_device() {
        createWithBootstrapOnly("rot");

        HttpResponse<String> accepted = web.post("/api/v1/devices/rot/credentials/rotate", "");

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode rotation = WebFixture.json(accepted);
        assertThat(rotation.path("trigger").asText()).isEqualTo("COMMAND_QUEUED");
        String commandId = rotation.path("commandId").asText();
        JsonNode command = WebFixture.json(web.get("/api/v1/devices/rot/commands/" + commandId));
        assertThat(command.path("type").asText()).isEqualTo("EXECUTE");
        assertThat(command.path("path").asText()).isEqualTo("/1/0/9");
        JsonNode shown = WebFixture.json(web.get("/api/v1/devices/rot")).path("bootstrap").path("rotation");
        assertThat(shown.path("commandId").asText()).isEqualTo(commandId);
        assertThat(shown.path("completedAt").isNull()).isTrue();
    }

    @Test
    void rotation_needs_bootstrap_credentials_and_an_existing_device() {
        web.createDevice("dm-only");

        assertProblem(web.post("/api/v1/devices/dm-only/credentials/rotate", ""), 409);
        assertProblem(web.post("/api/v1/devices/ghost/credentials/rotate", ""), 404);
    }

    @Test
    void bootstrap_profiles_are_read_and_replaced_per_type() {
        assertThat(WebFixture.json(web.get("/api/v1/bootstrap/profiles/meter")).path("type").asText())
                .isEqualTo("default");

        HttpResponse<String> put = web.send(web.request("/api/v1/bootstrap/profiles/meter")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"shortServerId\":7,\"lifetimeSeconds\":3600,\"queueMode\":true}")));

        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode meter = WebFixture.json(web.get("/api/v1/bootstrap/profiles/meter"));
        assertThat(meter.path("shortServerId").asInt()).isEqualTo(7);
        assertThat(meter.path("binding").asText()).isEqualTo("UQ");
        assertThat(WebFixture.json(web.get("/api/v1/bootstrap/profiles")).size()).isEqualTo(2);
        assertProblem(web.send(web.request("/api/v1/bootstrap/profiles/meter").header("Content-Type",
                "application/json").PUT(BodyPublishers.ofString("{\"shortServerId\":0,\"lifetimeSeconds\":5}"))),
                400, "shortServerId", "lifetimeSeconds");
    }
}
