// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** Bulk provisioning over real HTTP, on RocksDB and the model's default services. */
class ProvisioningApiIT {

    private static final String BATCHES = "/api/v1/provisioning/batches";

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

    private HttpResponse<String> upload(String contentType, String manifest) {
        return web.send(web.request(BATCHES).header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(manifest)));
    }

    private static String manifest(int rows) {
        StringBuilder csv = new StringBuilder("endpoint,name,type\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("fleet-").append(i).append(",Meter ").append(i).append(",meter\n");
        }
        return csv.toString();
    }

    @Test
    void ten_thousand_row_manifest_with_one_empty_name_is_a_400_naming_line_and_field_and_creates_nothing() {
        String csv = manifest(10_000).replace("fleet-6000,Meter 6000,", "fleet-6000,,");

        HttpResponse<String> refused = upload("text/csv", csv);

        JsonNode problem = assertProblem(refused, 400, "name");
        assertThat(problem.path("errors").get(0).path("line").asInt()).isEqualTo(6001);
        assertThat(problem.path("detail").asText()).contains("nothing was created");
        assertThat(web.devices().count()).isZero();
    }

    @Test
    void batch_is_accepted_reports_progress_and_hands_out_its_keys_once_as_csv() {
        HttpResponse<String> accepted = upload("text/csv; charset=utf-8", manifest(2_000));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(BATCHES + "/");
        assertThat(WebFixture.json(accepted).path("total").asInt()).isEqualTo(2_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> WebFixture.json(web.get(location)).path("state").asText()
                .equals("SUCCEEDED"));
        JsonNode batch = WebFixture.json(web.get(location));
        assertThat(batch.path("created").asInt()).isEqualTo(2_000);
        assertThat(batch.path("secrets").asText()).isEqualTo("AVAILABLE");
        assertThat(web.devices().count()).isEqualTo(2_000);

        HttpResponse<String> secrets = web.get(location + "/secrets");
        assertThat(secrets.statusCode()).isEqualTo(200);
        assertThat(secrets.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/csv"));
        assertThat(secrets.body().lines()).hasSize(2_001).contains("endpoint,bootstrapIdentity,bootstrapKey");
        assertThat(secrets.body()).containsPattern("\nfleet-1,fleet-1,[0-9a-f]{32}\n");

        assertProblem(web.get(location + "/secrets"), 410);
        assertThat(WebFixture.json(web.get(location)).path("secrets").asText()).isEqualTo("DELIVERED");
        JsonNode device = WebFixture.json(web.get("/api/v1/devices/fleet-1"));
        assertThat(device.path("type").asText()).isEqualTo("meter");
        assertThat(device.path("bootstrapCredentials").path("identity").asText()).isEqualTo("fleet-1");
        assertThat(device.path("credentials").isNull()).isTrue();
    }

    @Test
    void json_manifest_clashing_with_a_stored_device_is_a_409_naming_the_line() {
        web.createDevice("taken");
        String json = "[\n{\"endpoint\":\"new-1\",\"name\":\"N\"},\n{\"endpoint\":\"taken\",\"name\":\"T\"}\n]";

        JsonNode problem = assertProblem(upload("application/json", json), 409, "endpoint");

        assertThat(problem.path("errors").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(web.devices().find("new-1")).isEmpty();
    }

    @Test
    void other_media_types_unknown_batches_and_unknown_columns_are_problems() {
        assertProblem(upload("text/plain", "endpoint\nx\n"), 415);
        assertProblem(web.get(BATCHES + "/0000000000000000"), 404);
        assertProblem(upload("text/csv", "endpoint,colour\nx,red\n"), 400, "colour");
    }
}
