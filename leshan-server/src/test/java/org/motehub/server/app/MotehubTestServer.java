// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.eclipse.leshan.core.endpoint.Protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts the real Motehub assembly for integration tests: RocksDB in a temp folder, CoAP/CoAPS/HTTP on loopback
 * with free ports, and restarts on the same folder and ports. Also a small HTTP client for the REST API.
 */
final class MotehubTestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir;
    private final UnaryOperator<ServerSettings.Builder> customizer;
    /** Every telemetry point the server ingests, across restarts. */
    final RecordingIngest ingest = new RecordingIngest();
    private MotehubServer server;
    private int httpPort;
    private int coapsPort;
    private int coapPort;
    /** 0 until the first start: bootstrap sessions are not snapshotted, so the OS may pick the port. */
    private int bsCoapsPort;

    MotehubTestServer(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    /** A server whose settings {@code customizer} adjusts (firmware timeouts, signing...). */
    MotehubTestServer(Path dataDir, UnaryOperator<ServerSettings.Builder> customizer) {
        this.dataDir = dataDir;
        this.customizer = customizer;
        // DTLS snapshots are keyed by the configured address, so the CoAPS port is chosen free up front, not left at
        // 0; another process may take it between the probe and the bind, so a failed first start tries new ports
        for (int attempt = 1;; attempt++) {
            try {
                start(0, 0, freeUdpPort());
                return;
            } catch (IllegalStateException e) {
                if (server != null) {
                    server.close();
                }
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException("no free UDP port", e);
        }
    }

    private void start(int http, int coap, int coaps) {
        server = MotehubServer.create(customizer.apply(ServerSettings.builder().dataDir(dataDir)
                .httpHost("127.0.0.1").httpPort(http).coapHost("127.0.0.1").coapPort(coap).coapsPort(coaps)
                .requestTimeout(Duration.ofSeconds(5)).bootstrapCoapPort(-1).bootstrapCoapsPort(bsCoapsPort)).build(),
                ingest::wrap);
        server.start();
        httpPort = server.httpUri().getPort();
        coapPort = server.lwm2mUri(Protocol.COAP).getPort();
        coapsPort = server.lwm2mUri(Protocol.COAPS).getPort();
        bsCoapsPort = server.bootstrapUri(Protocol.COAPS).orElseThrow().getPort();
    }

    MotehubServer server() {
        return server;
    }

    URI coapsUri() {
        return URI.create("coaps://127.0.0.1:" + coapsPort);
    }

    URI bootstrapUri() {
        return URI.create("coaps://127.0.0.1:" + bsCoapsPort);
    }

    URI coapUri() {
        return URI.create("coap://127.0.0.1:" + coapPort);
    }

    /** Clean stop and start on the same data folder and ports. */
    void restart() {
        server.close();
        start(httpPort, coapPort, coapsPort);
    }

    /** Stop without saving DTLS connections (as after kill -9), then start on the same folder and ports. */
    void crashAndRestart() {
        server.crash();
        start(httpPort, coapPort, coapsPort);
    }

    @Override
    public void close() {
        server.close();
    }

    /** Creates a device through the REST API and returns its key. */
    byte[] createDevice(String endpoint) throws IOException, InterruptedException {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        key[0] = (byte) endpoint.hashCode();
        Response r = post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"credentials\":{\"type\":\"PSK\","
                + "\"identity\":\"" + endpoint + "-id\",\"key\":\"" + HexFormat.of().formatHex(key) + "\"}}");
        if (r.status() != 201) {
            throw new IllegalStateException("device creation failed: " + r.status() + " " + r.body());
        }
        return key;
    }

    /** Creates a device with bootstrap credentials only (identity {@code endpoint-bs}) and returns its key. */
    byte[] createBootstrapDevice(String endpoint) throws IOException, InterruptedException {
        byte[] key = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        key[0] = (byte) endpoint.hashCode();
        Response r = post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"bootstrapCredentials\":{"
                + "\"type\":\"PSK\",\"identity\":\"" + endpoint + "-bs\",\"key\":\"" + HexFormat.of().formatHex(key)
                + "\"}}");
        if (r.status() != 201) {
            throw new IllegalStateException("device creation failed: " + r.status() + " " + r.body());
        }
        return key;
    }

    /** @return a factory-fresh device that knows only its bootstrap credentials. */
    TestDevice bootstrappingDevice(String endpoint, byte[] bootstrapKey) {
        return TestDevice.bootstrapping(bootstrapUri(), endpoint, endpoint + "-bs", bootstrapKey);
    }

    TestDevice device(String endpoint, byte[] key, long lifetimeSeconds) {
        return new TestDevice(coapsUri(), endpoint, endpoint + "-id", key, lifetimeSeconds);
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    Response patch(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString(json)));
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /**
     * Subscribes to {@code /api/v1/events} with {@code query} (e.g. {@code ?endpoint=dev-1}) and returns its events,
     * each as {@code "name data"}, as they arrive; the stream ends with the server.
     */
    BlockingQueue<String> events(String query) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/events" + query))
                .header("Accept", "text/event-stream").build(), BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("events refused: " + r.statusCode());
        }
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            String[] name = { null };
            try {
                r.body().forEach(line -> {
                    if (line.equals(": subscribed")) {
                        subscribed.add(line);
                    } else if (line.startsWith("event: ")) {
                        name[0] = line.substring("event: ".length());
                    } else if (name[0] != null && line.startsWith("data: ")) {
                        events.add(name[0] + " " + line.substring("data: ".length()));
                        name[0] = null;
                    }
                });
            } catch (RuntimeException e) {
                // the server closed the stream
            }
        }, "test-sse");
        reader.setDaemon(true);
        reader.start();
        if (subscribed.poll(10, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("the event stream did not start");
        }
        return events;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /** An HTTP answer. */
    record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }
}
