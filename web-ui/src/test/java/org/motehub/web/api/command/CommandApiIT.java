// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.command.CommandOutcome;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A device's command queue over real HTTP. No dispatcher runs here, so commands stay PENDING unless a test completes
 * them through the command service, as the LwM2M server's dispatcher would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandApiIT {

    private static final String COMMANDS = "/api/v1/devices/dev-1/commands";
    private static final String READ = "{\"type\":\"READ\",\"path\":\"/3/0\"}";

    @TempDir
    Path dir;

    private WebFixture web;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
        assertThat(web.createDevice("dev-1").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void submit_without_a_dispatcher_is_202_pending_with_location() {
        HttpResponse<String> response = web.post(COMMANDS, READ);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode command = WebFixture.json(response);
        String id = command.path("id").asText();
        assertThat(id).isNotEmpty();
        assertThat(response.headers().firstValue("Location")).hasValue(COMMANDS + "/" + id);
        assertThat(command.path("endpoint").asText()).isEqualTo("dev-1");
        assertThat(command.path("type").asText()).isEqualTo("READ");
        assertThat(command.path("path").asText()).isEqualTo("/3/0");
        assertThat(command.path("status").asText()).isEqualTo("PENDING");
        assertThat(command.path("createdAt").asText()).endsWith("Z");
        assertThat(command.path("expiresAt").asText()).endsWith("Z");
        for (String nullable : List.of("value", "values", "arguments", "coapCode", "result", "error", "sentAt",
                "completedAt")) {
            assertThat(command.has(nullable)).as(nullable).isTrue();
            assertThat(command.path(nullable).isNull()).as(nullable).isTrue();
        }
    }

    @Test
    void write_and_execute_carry_their_payload() {
        JsonNode write = WebFixture.json(web.post(COMMANDS, "{\"type\":\"WRITE\",\"path\":\"/1/0/1\",\"value\":600,"
                + "\"expiresInSeconds\":120}"));
        JsonNode execute = WebFixture.json(web.post(COMMANDS, "{\"type\":\"EXECUTE\",\"path\":\"/3/0/4\","
                + "\"arguments\":\"0='now'\"}"));
        JsonNode instance = WebFixture.json(web.post(COMMANDS, "{\"type\":\"WRITE\",\"path\":\"/3/0\","
                + "\"values\":{\"13\":\"2026-11-23T10:00:00Z\"}}"));

        assertThat(write.path("value").asInt()).isEqualTo(600);
        assertThat(Duration.between(java.time.Instant.parse(write.path("createdAt").asText()),
                java.time.Instant.parse(write.path("expiresAt").asText()))).isEqualTo(Duration.ofSeconds(120));
        assertThat(execute.path("arguments").asText()).isEqualTo("0='now'");
        assertThat(instance.path("values").path("13").asText()).isEqualTo("2026-11-23T10:00:00Z");
    }

    @Test
    void get_by_id_answers_the_command_and_404_for_an_unknown_id() {
        String id = WebFixture.json(web.post(COMMANDS, READ)).path("id").asText();

        HttpResponse<String> found = web.get(COMMANDS + "/" + id);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(found).path("id").asText()).isEqualTo(id);
        assertProblem(web.get(COMMANDS + "/0000000000000000"), 404);
    }

    @Test
    void list_pages_through_commands_oldest_first() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(WebFixture.json(web.post(COMMANDS, READ)).path("id").asText());
        }

        JsonNode first = WebFixture.json(web.get(COMMANDS + "?limit=3"));
        JsonNode second = WebFixture.json(web.get(COMMANDS + "?limit=3&cursor=" + first.path("nextCursor")
                .asText()));

        List<String> listed = new ArrayList<>();
        first.path("items").forEach(c -> listed.add(c.path("id").asText()));
        second.path("items").forEach(c -> listed.add(c.path("id").asText()));
        assertThat(first.path("items")).hasSize(3);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(listed).containsExactlyElementsOf(ids);
        assertProblem(web.get(COMMANDS + "?limit=nope"), 400, "limit");
        assertProblem(web.get("/api/v1/devices/nobody/commands"), 404);
    }

    @Test
    void wait_for_a_command_nobody_runs_returns_after_the_wait_still_pending() {
        long start = System.nanoTime();
        HttpResponse<String> response = web.post(COMMANDS + "?wait=200ms", READ);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(WebFixture.json(response).path("status").asText()).isEqualTo("PENDING");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(3));
        assertThat(web.observedCommands().awaiting()).hasSize(1);
    }

    @Test
    void a_command_completed_while_the_request_waits_answers_200_succeeded() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> pending = web.sendAsync(web.request(COMMANDS + "?wait=5s")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(READ)));
        String id = web.observedCommands().awaiting().poll(10, TimeUnit.SECONDS);
        assertThat(id).as("the request started waiting").isNotNull();

        web.commands().complete("dev-1", id, CommandOutcome.succeeded("2.05",
                JsonNodeFactory.instance.objectNode().put("0", "Motehub")));
        HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).hasValue(COMMANDS + "/" + id);
        JsonNode command = WebFixture.json(response);
        assertThat(command.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(command.path("coapCode").asText()).isEqualTo("2.05");
        assertThat(command.path("result").path("0").asText()).isEqualTo("Motehub");
        assertThat(command.path("completedAt").asText()).endsWith("Z");
        assertThat(took).as("woken by the completion, not by the end of the wait").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void get_with_wait_is_woken_by_the_completion() throws Exception {
        String id = WebFixture.json(web.post(COMMANDS, READ)).path("id").asText();
        CompletableFuture<HttpResponse<String>> pending = web.sendAsync(web.request(COMMANDS + "/" + id
                + "?wait=5s").GET());
        assertThat(web.observedCommands().awaiting().poll(10, TimeUnit.SECONDS)).isEqualTo(id);

        web.commands().complete("dev-1", id, CommandOutcome.failed("4.04", "no such resource"));
        HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(response).path("status").asText()).isEqualTo("FAILED");
        assertThat(WebFixture.json(response).path("error").asText()).isEqualTo("no such resource");
    }

    @Test
    void a_finished_command_answers_200_without_waiting() {
        String id = WebFixture.json(web.post(COMMANDS, READ)).path("id").asText();
        web.commands().complete("dev-1", id, CommandOutcome.timedOut("gone"));

        HttpResponse<String> response = web.get(COMMANDS + "/" + id + "?wait=60s");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(response).path("status").asText()).isEqualTo("TIMED_OUT");
    }

    @Test
    void bad_wait_is_400_naming_wait_and_queues_nothing() {
        for (String wait : List.of("5", "5h", "61s", "2m", "-1s", "soon", "", "1.5s")) {
            assertProblem(web.post(COMMANDS + "?wait=" + wait, READ), 400, "wait");
        }
        assertProblem(web.get(COMMANDS + "/0000000000000000?wait=forever"), 400, "wait");

        assertThat(WebFixture.json(web.get(COMMANDS)).path("items")).isEmpty();
    }

    @Test
    void bad_paths_are_400_naming_path() {
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\",\"path\":\"/3/x\"}"), 400, "path");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\",\"path\":\"/70000/0\"}"), 400, "path");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\"}"), 400, "path");
        assertProblem(web.post(COMMANDS, "{\"type\":\"EXECUTE\",\"path\":\"/3/0\"}"), 400, "path");
    }

    @Test
    void bad_command_bodies_are_400_naming_the_field() {
        assertProblem(web.post(COMMANDS, "{\"type\":\"REBOOT\",\"path\":\"/3/0\"}"), 400, "type");
        assertProblem(web.post(COMMANDS, "{\"path\":\"/3/0\"}"), 400, "type");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\",\"path\":\"/3/0\",\"urgent\":true}"), 400, "urgent");
        assertProblem(web.post(COMMANDS, "{\"type\":\"WRITE\",\"path\":\"/3/0/13\"}"), 400, "value");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\",\"path\":\"/3/0\",\"expiresInSeconds\":\"soon\"}"),
                400, "expiresInSeconds");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\",\"path\":\"/3/0\",\"expiresInSeconds\":0}"), 400,
                "expiresInSeconds");
        assertProblem(web.post(COMMANDS, "{\"type\":\"READ\","), 400, "body");
        assertProblem(web.post(COMMANDS, ""), 400, "body");
    }

    @Test
    void commands_for_unknown_or_suspended_devices_are_refused() {
        assertProblem(web.post("/api/v1/devices/nobody/commands", READ), 404);

        web.patch("/api/v1/devices/dev-1", "{\"state\":\"ACTIVE\"}");
        web.patch("/api/v1/devices/dev-1", "{\"state\":\"SUSPENDED\"}");

        assertProblem(web.post(COMMANDS, READ), 409);
    }
}
