// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.WebServer;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/v1/health}. */
class HealthIT {

    @TempDir
    Path dir;

    private WebFixture web;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void health_is_up_with_version_uptime_and_details() {
        web.createDevice("dev-1");

        HttpResponse<String> response = web.get("/api/v1/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = WebFixture.json(response);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(health.path("uptimeSeconds").isIntegralNumber()).isTrue();
        assertThat(health.path("uptimeSeconds").asLong()).isBetween(0L, 600L);
        assertThat(health.path("devices").asLong()).isEqualTo(1);
    }

    @Test
    void details_cannot_replace_the_standard_entries() {
        JsonNode health = WebFixture.json(get(() -> Map.of("status", "GREAT", "version", "x", "queue", 3)));

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("version").asText()).isNotEqualTo("x");
        assertThat(health.path("queue").asInt()).isEqualTo(3);
    }

    @Test
    void failing_details_make_the_server_down_503() {
        HttpResponse<String> response = get(() -> {
            throw new IllegalStateException("store closed");
        });

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(WebFixture.json(response).path("status").asText()).isEqualTo("DOWN");
        assertThat(response.body()).doesNotContain("store closed");
    }

    private HttpResponse<String> get(Supplier<Map<String, Object>> details) {
        WebServer server = WebServer.builder().port(0).deviceService(web.devices()).commandService(web.commands())
                .registrationLookup(web.lwm2m()).objectsLookup(web.lwm2m()).pskIdentityLookup(e -> Optional.empty())
                .bootstrapService(web.bootstrap()).provisioningService(web.provisioning()).health(details).build();
        server.start();
        try {
            return web.send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/health")).GET());
        } finally {
            server.stop();
        }
    }
}
