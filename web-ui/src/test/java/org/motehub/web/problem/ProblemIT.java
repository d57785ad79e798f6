// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.lang.reflect.Proxy;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.device.DeviceService;
import org.motehub.web.WebServer;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** Every error the server gives is a problem+json document, whatever layer refused the request. */
class ProblemIT {

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
    void unknown_route_is_a_404_problem() {
        JsonNode problem = assertProblem(web.get("/api/v1/nothing-here"), 404);

        assertThat(problem.path("type").asText()).isEqualTo("https://motehub.org/problems/not-found");
        assertThat(problem.path("title").asText()).isEqualTo("Not Found");
        assertProblem(web.get("/api/v1/devices/dev-1/nothing"), 404);
        assertProblem(web.get("/no-such-file.js"), 404);
    }

    @Test
    void unsupported_method_is_a_405_problem_with_allow() {
        HttpResponse<String> response = web.send(web.request("/api/v1/devices")
                .method("PUT", BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));

        assertProblem(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET", "POST"));
    }

    @Test
    void unsupported_media_type_is_a_415_problem() {
        HttpResponse<String> response = web.send(web.request("/api/v1/devices")
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("dev-1")));

        assertProblem(response, 415);
    }

    @Test
    void unacceptable_media_type_is_a_406_problem() {
        HttpResponse<String> response = web.send(web.request("/api/v1/devices").header("Accept", "image/png")
                .GET());

        assertProblem(response, 406);
    }

    @Test
    void invalid_input_has_a_stable_type_and_names_the_field() {
        JsonNode problem = assertProblem(web.get("/api/v1/devices?limit=x"), 400, "limit");

        assertThat(problem.path("type").asText()).isEqualTo("https://motehub.org/problems/invalid-input");
        assertThat(problem.path("title").asText()).isEqualTo("Invalid input");
    }

    @Test
    void an_unexpected_failure_is_a_500_problem_that_hides_its_cause() {
        DeviceService broken = (DeviceService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeviceService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addListener")) {
                        return null; // the events of a started server
                    }
                    throw new IllegalStateException("disk on fire at /var/secret/path");
                });
        WebServer server = WebServer.builder().port(0).deviceService(broken).commandService(web.commands())
                .registrationLookup(web.lwm2m()).objectsLookup(web.lwm2m())
                .pskIdentityLookup(e -> java.util.Optional.empty()).bootstrapService(web.bootstrap())
                .provisioningService(web.provisioning()).build();
        server.start();
        try {
            HttpResponse<String> response = web.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve(
                    "/api/v1/devices/dev-1")).GET());

            JsonNode problem = assertProblem(response, 500);
            assertThat(response.body()).doesNotContain("disk on fire").doesNotContain("/var/secret")
                    .doesNotContain("IllegalStateException");
            assertThat(problem.path("detail").asText()).contains("failure has been logged");
        } finally {
            server.stop();
        }
    }
}
