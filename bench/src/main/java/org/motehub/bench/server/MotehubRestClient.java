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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the benchmark asks of Motehub's REST API, as an operator's script would: submit a command and wait for its
 * outcome ({@code POST /api/v1/devices/{ep}/commands?wait=10s}), and check health.
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
