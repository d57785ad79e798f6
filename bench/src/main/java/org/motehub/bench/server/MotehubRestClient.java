// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the benchmark asks of Motehub's REST API, as an operator's script would: submit a command and wait for its
 * outcome ({@code POST /api/v1/devices/{ep}/commands?wait=10s}), upload firmware and run a campaign, and check
 * health.
 */
public final class MotehubRestClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;

    /**
     * @param base the API's base URI, e.g. {@code http://127.0.0.1:8080/}
     * @throws NullPointerException if {@code base} is null
     */
    public MotehubRestClient(URI base) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
    }

    /**
     * Submits a command and waits up to 10 s for it on the server.
     *
     * @param type e.g. {@code READ}, {@code OBSERVE}
     * @param path e.g. {@code /3303/0/5700}
     * @return completes with true when the command SUCCEEDED, false otherwise
     */
    public CompletableFuture<Boolean> command(String endpoint, String type, String path) {
        URI uri = base.resolve("api/v1/devices/" + URLEncoder.encode(endpoint, StandardCharsets.UTF_8)
                + "/commands?wait=10s");
        String body = "{\"type\":\"" + type + "\",\"path\":\"" + path + "\"}";
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() != 200) {
                LOG.debug("{} {} on [{}]: HTTP {}", type, path, endpoint, r.statusCode());
                return false;
            }
            return succeeded(r.body(), endpoint);
        });
    }

    private static boolean succeeded(byte[] body, String endpoint) {
        try {
            JsonNode command = JSON.readTree(body);
            boolean ok = "SUCCEEDED".equals(command.path("status").asText());
            if (!ok) {
                LOG.debug("Command on [{}] ended {}: {}", endpoint, command.path("status").asText(),
                        command.path("error").asText());
            }
            return ok;
        } catch (IOException e) {
            LOG.debug("Unreadable command answer for [{}]", endpoint, e);
            return false;
        }
    }

    /**
     * Uploads a firmware image ({@code POST /api/v1/firmware}, octet-stream form).
     *
     * @param signature base64 detached signature over {@code image}
     * @return the firmware id
     * @throws IOException if the upload is refused (the message holds the server's problem) or fails
     */
    public String uploadFirmware(byte[] image, String version, String deviceType, String signature)
            throws IOException, InterruptedException {
        URI uri = base.resolve("api/v1/firmware?version=" + URLEncoder.encode(version, StandardCharsets.UTF_8)
                + "&deviceType=" + URLEncoder.encode(deviceType, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream").header("Motehub-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        return created(request).path("id").asText();
    }

    /**
     * Creates and starts a one-wave campaign of {@code firmwareId} over {@code endpoints}, all of them at once.
     *
     * @return the campaign id
     * @throws IOException if the campaign is refused or the call fails
     */
    public String startCampaign(String name, String firmwareId, List<String> endpoints)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("firmwareId", firmwareId)
                .put("failureThreshold", 100).put("maxConcurrent", endpoints.size()).put("start", true);
        body.putArray("waves").add(100);
        ArrayNode targets = body.putObject("target").putArray("endpoints");
        endpoints.forEach(targets::add);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/campaigns"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        return created(request).path("id").asText();
    }

    /** @return the campaign as {@code GET /api/v1/campaigns/{id}} shows it. */
    public JsonNode campaign(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/campaigns/" + id))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET campaign " + id + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode created(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + ": HTTP "
                    + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** @return whether {@code GET /api/v1/health} answers 200 now. */
    public boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/health")).timeout(Duration.ofSeconds(2))
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
