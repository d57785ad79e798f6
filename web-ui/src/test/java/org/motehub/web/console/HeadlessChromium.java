// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.console;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol (a WebSocket to its one page): navigate, run
 * JavaScript in the page (clicks, reads of the DOM) and wait for a condition. Only what the console tests need.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path log, WebSocket socket) {
        this.process = process;
        this.log = log;
        this.socket = socket;
    }

    /** Starts {@code chromium} with a fresh profile in {@code dir} and connects to its blank page. */
    static HeadlessChromium start(Path chromium, Path dir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("chromium-cdp-profile"));
        Path log = dir.resolve("chromium-cdp.log");
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Awaitility.await("chromium's DevTools port").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 1
                            && !Files.readAllLines(portFile).get(0).isBlank());
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
            String[] page = new String[1];
            Awaitility.await("chromium's page").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
                        BodyHandlers.ofString()).body())) {
                    if ("page".equals(target.path("type").asText())) {
                        page[0] = target.path("webSocketDebuggerUrl").asText();
                        return true;
                    }
                }
                return false;
            });
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page[0]), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, log, socket);
            return self[0];
        } catch (RuntimeException | ExecutionException | TimeoutException | Error e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("cannot drive chromium; its log:\n" + Files.readString(log, UTF_8), e);
        }
    }

    /** Loads {@code url} in the page. */
    void navigate(String url) {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        call("Page.navigate", params);
    }

    /**
     * Evaluates {@code expression} in the page (awaiting a promise) and returns its value as JSON.
     *
     * @throws AssertionError if it throws
     */
    JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + expression + "\n" + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
    void waitFor(String description, String condition) {
        Awaitility.await(description).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> evaluate("!!(" + condition + ")").asBoolean());
    }

    /** @return the text content of the first element matching {@code selector}, or null. */
    String text(String selector) {
        JsonNode value = evaluate("(() => { const e = document.querySelector(" + quote(selector)
                + "); return e ? e.textContent : null; })()");
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /** Clicks the first element matching {@code selector}. */
    void click(String selector) {
        evaluate("document.querySelector(" + quote(selector) + ").click()");
    }

    /** @return {@code s} as a JavaScript string literal. */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        try {
            socket.sendText(message.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.path("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer; chromium log:\n" + log(), e);
        } finally {
            calls.remove(id);
        }
    }

    private String log() {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void answered(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> call = calls.get(message.path("id").asInt());
                if (call != null) {
                    call.complete(message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gathers the text frames of each message and hands complete ones to the browser object. */
    private static final class Listener implements WebSocket.Listener {

        private final HeadlessChromium[] owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (owner[0] != null) {
                    owner[0].answered(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
