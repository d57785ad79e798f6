// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.telemetry.TelemetryPoint;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /api/v1/events}: Server-Sent Events of new telemetry points over real HTTP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventsIT {

    private static final String END = "<end of stream>";

    @TempDir
    Path dir;

    private WebFixture web;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    /** Opens a stream; its lines (and {@link #END} when it ends) arrive in the returned queue. */
    private BlockingQueue<String> subscribe(String query) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = http.send(web.request("/api/v1/events" + query)
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(1)).build(), BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "text/event-stream"));
        CompletableFuture.runAsync(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // the connection was closed under us: the stream has ended all the same
            }
            lines.add(END);
        });
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo(": subscribed");
        return lines;
    }

    /** @return the data of the next {@code telemetry} event. */
    private static JsonNode nextTelemetry(BlockingQueue<String> lines) throws Exception {
        return next(lines, "telemetry");
    }

    /** @return the data of the next event named {@code name}, skipping other events. */
    private static JsonNode next(BlockingQueue<String> lines, String name) throws Exception {
        boolean named = false;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("next line of the stream").isNotNull().isNotEqualTo(END);
            if (line.startsWith("event: ")) {
                named = line.equals("event: " + name);
            } else if (named && line.startsWith("data: ")) {
                return new ObjectMapper().readTree(line.substring("data: ".length()));
            }
        }
    }

    /** @return the name and data of the next event. */
    private static String nextEvent(BlockingQueue<String> lines) throws Exception {
        String name = null;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("next line of the stream").isNotNull().isNotEqualTo(END);
            if (line.startsWith("event: ")) {
                name = line.substring("event: ".length());
            } else if (name != null && line.startsWith("data: ")) {
                return name + " " + line.substring("data: ".length());
            }
        }
    }

    @Test
    void a_subscriber_receives_the_points_ingested_after_it_subscribed() throws Exception {
        BlockingQueue<String> lines = subscribe("");
        Instant t = Instant.now().minusSeconds(5);

        web.telemetry().ingest("dev-1", List.of(new TelemetryPoint("/3303/0/5700", t, 21.5),
                new TelemetryPoint("/3/0/0", t, "Acme")));

        JsonNode event = nextTelemetry(lines);
        assertThat(event.path("endpoint").asText()).isEqualTo("dev-1");
        assertThat(event.path("points")).hasSize(2);
        assertThat(event.path("points").get(0).path("path").asText()).isEqualTo("/3303/0/5700");
        assertThat(event.path("points").get(0).path("time").asText()).isEqualTo(t.toString());
        assertThat(event.path("points").get(0).path("value").asDouble()).isEqualTo(21.5);
        assertThat(event.path("points").get(1).path("value").asText()).isEqualTo("Acme");
    }

    @Test
    void a_subscriber_for_one_device_hears_only_that_device() throws Exception {
        BlockingQueue<String> lines = subscribe("?endpoint=dev-2");

        web.telemetry().ingest("dev-1", List.of(new TelemetryPoint("/3303/0/5700", Instant.now(), 1.0)));
        web.telemetry().ingest("dev-2", List.of(new TelemetryPoint("/3303/0/5700", Instant.now(), 2.0)));

        JsonNode event = nextTelemetry(lines);
        assertThat(event.path("endpoint").asText()).isEqualTo("dev-2");
        assertThat(event.path("points").get(0).path("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void stopping_the_server_ends_the_stream() throws Exception {
        BlockingQueue<String> lines = subscribe("");

        web.server().stop();

        String line;
        do {
            line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line or the end of the stream").isNotNull();
        } while (!line.equals(END));
    }

    @Test
    void presence_and_lifecycle_changes_are_streamed_in_order() throws Exception {
        assertThat(web.createDevice("dev-3").statusCode()).isEqualTo(201);
        BlockingQueue<String> lines = subscribe("?endpoint=dev-3");
        Instant t = Instant.parse("2026-12-06T04:00:00Z");

        web.devices().registered("dev-3", t);
        web.devices().updated("dev-3", t.plusSeconds(60));
        web.devices().expired("dev-3", t.plusSeconds(300));
        web.devices().registered("dev-3", t.plusSeconds(400));
        web.devices().unregistered("dev-3", t.plusSeconds(500));
        assertThat(web.patch("/api/v1/devices/dev-3", "{\"state\":\"SUSPENDED\"}").statusCode()).isEqualTo(200);

        assertThat(nextEvent(lines)).isEqualTo(
                "state {\"endpoint\":\"dev-3\",\"previous\":\"PROVISIONING\",\"state\":\"ACTIVE\"}");
        assertThat(nextEvent(lines)).isEqualTo("presence {\"endpoint\":\"dev-3\",\"change\":\"REGISTERED\","
                + "\"online\":true,\"lastSeen\":\"2026-12-06T04:00:00Z\"}");
        assertThat(nextEvent(lines)).isEqualTo("presence {\"endpoint\":\"dev-3\",\"change\":\"UPDATED\","
                + "\"online\":true,\"lastSeen\":\"2026-12-06T04:01:00Z\"}");
        assertThat(nextEvent(lines)).isEqualTo("presence {\"endpoint\":\"dev-3\",\"change\":\"EXPIRED\","
                + "\"online\":false,\"lastSeen\":\"2026-12-06T04:05:00Z\"}");
        assertThat(nextEvent(lines)).startsWith("presence {\"endpoint\":\"dev-3\",\"change\":\"REGISTERED\"");
        assertThat(nextEvent(lines)).startsWith("presence {\"endpoint\":\"dev-3\",\"change\":\"DEREGISTERED\","
                + "\"online\":false");
        assertThat(nextEvent(lines)).isEqualTo(
                "state {\"endpoint\":\"dev-3\",\"previous\":\"ACTIVE\",\"state\":\"SUSPENDED\"}");
    }

    @Test
    void a_subscriber_for_one_device_hears_only_its_presence() throws Exception {
        assertThat(web.createDevice("dev-4").statusCode()).isEqualTo(201);
        assertThat(web.createDevice("dev-5").statusCode()).isEqualTo(201);
        web.devices().registered("dev-4", Instant.now());
        web.devices().registered("dev-5", Instant.now());
        BlockingQueue<String> lines = subscribe("?endpoint=dev-5");

        web.devices().unregistered("dev-4", Instant.now());
        web.devices().unregistered("dev-5", Instant.now());

        JsonNode event = next(lines, "presence");
        assertThat(event.path("endpoint").asText()).isEqualTo("dev-5");
        assertThat(event.path("change").asText()).isEqualTo("DEREGISTERED");
    }

    @Test
    void a_client_gone_in_the_middle_of_its_stream_does_not_hold_the_stop_up() throws Exception {
        assertThat(web.createDevice("dev-6").statusCode()).isEqualTo(201);
        try (Socket socket = new Socket("127.0.0.1", web.server().port())) {
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do { // chunked: the comment ": subscribed" comes in two chunks, each on lines of its own
                line = in.readLine();
                assertThat(line).as("the stream's first lines").isNotNull();
            } while (!line.equals("subscribed"));
        } // gone without a word, as a closed browser tab
        // events for the gone client: the first write is taken by the kernel, the next ones fail
        for (int i = 0; i < 5; i++) {
            web.devices().registered("dev-6", Instant.now());
            Thread.sleep(100);
        }

        long start = System.nanoTime();
        web.server().stop();

        // Jetty's graceful stop waits at most 5 s for open requests; a stream Jersey left pending used all of it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
