// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.stats.Samples;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's handle on a server process ({@link ServerHost}) running in a child JVM on the same classpath:
 * starts it, waits for it to be ready, sends it commands, and stops it. The child's logs go to a file; its stdout
 * carries the control protocol only.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final String EOF = "\u0000eof";

    private final ServerKind kind;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final long startNanos;
    private long readyNanos;
    private Map<String, String> facts = Map.of();

    private ServerProcess(ServerKind kind, Process process, long startNanos) {
        this.kind = kind;
        this.process = process;
        this.startNanos = startNanos;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "bench-server-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * What to start.
     *
     * @param kind the server
     * @param dataDir its data folder
     * @param keys the fleet's names and keys
     * @param devices how many devices to provision
     * @param coapsPort CoAPS port, 0 for any
     * @param httpPort HTTP port, 0 for any
     * @param jvmOptions options of the child JVM, e.g. {@code -Xmx2g}
     * @param log where the child's logs go
     */
    public record Launch(ServerKind kind, Path dataDir, DeviceKeys keys, int devices, int coapsPort, int httpPort,
            List<String> jvmOptions, Path log) {
    }

    /**
     * Starts the server process; returns at once (see {@link #awaitReady(Duration)}).
     *
     * @throws UncheckedIOException if the process cannot be started
     */
    public static ServerProcess start(Launch launch) {
        Objects.requireNonNull(launch, "launch");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(launch.jvmOptions());
        command.add("-Dlogback.configurationFile=bench-server-logback.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerHost.class.getName());
        command.addAll(List.of("--kind", launch.kind().name(), "--data-dir", launch.dataDir().toString(), "--devices",
                Integer.toString(launch.devices()), "--seed", launch.keys().seedHex(), "--prefix",
                launch.keys().prefix(), "--coaps-port", Integer.toString(launch.coapsPort()), "--http-port",
                Integer.toString(launch.httpPort())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                launch.log().toFile()));
        long t0 = System.nanoTime();
        try {
            Process process = builder.start();
            LOG.info("Started the {} server process [pid {}], logs in [{}]", launch.kind().label(), process.pid(),
                    launch.log());
            return new ServerProcess(launch.kind(), process, t0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ControlMessages.PREFIX)) {
                    replies.add(line.substring(ControlMessages.PREFIX.length()));
                } else {
                    LOG.debug("[{}] {}", kind.label(), line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Reading the server process failed", e);
        }
        replies.add(EOF);
    }

    /**
     * Waits for the process to announce it is ready.
     *
     * @return the facts it announced ({@code coaps}, {@code http}, {@code uptimeMs}, {@code registrations}...)
     * @throws IllegalStateException if it exits or does not get ready in time
     */
    public Map<String, String> awaitReady(Duration timeout) throws InterruptedException {
        String line = next(timeout);
        readyNanos = System.nanoTime();
        if (!line.startsWith("READY ")) {
            throw new IllegalStateException(kind.label() + " server process did not get ready: " + line);
        }
        facts = ControlMessages.decodeFacts(line.substring("READY ".length()));
        return facts;
    }

    /** @return nanoseconds from starting the process to its READY line. */
    public long startToReadyNanos() {
        return readyNanos - startNanos;
    }

    /** @return {@link System#nanoTime()} when the process was started. */
    public long startNanos() {
        return startNanos;
    }

    /** @return the CoAPS address of the server. */
    public InetSocketAddress coapsAddress() {
        URI uri = URI.create(facts.get("coaps"));
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /** @return the base URI of the HTTP API, if the server has one. */
    public Optional<URI> httpUri() {
        return Optional.ofNullable(facts.get("http")).map(URI::create);
    }

    /** @return the server kind. */
    public ServerKind kind() {
        return kind;
    }

    /**
     * Sends one command and waits for its answer.
     *
     * @return the answer's payload
     * @throws IllegalStateException if the command failed, the process died, or no answer came in time
     */
    public String request(String command, Duration timeout) throws InterruptedException {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException(kind.label() + " server process is gone", e);
        }
        String reply = next(timeout);
        if (reply.startsWith("OK")) {
            return reply.length() > 3 ? reply.substring(3) : "";
        }
        throw new IllegalStateException(kind.label() + " server process: " + command + " failed: " + reply);
    }

    /** @return the server process's CPU time so far, in total and by thread group. */
    public ServerCpu cpu() throws InterruptedException {
        Map<String, String> facts = ControlMessages.decodeFacts(request("CPU", Duration.ofSeconds(10)));
        Map<String, Long> groups = new LinkedHashMap<>();
        facts.forEach((k, v) -> {
            if (!k.equals("process")) {
                groups.put(k, Long.parseLong(v));
            }
        });
        return new ServerCpu(Long.parseLong(facts.getOrDefault("process", "0")), groups);
    }

    /** @return the server's heap use after full collections, bytes. */
    public long heapAfterGc() throws InterruptedException {
        return Long.parseLong(request("HEAP", Duration.ofSeconds(60)).trim());
    }

    /** @return the server process's resident set size, bytes. */
    public long residentBytes() throws InterruptedException {
        return Long.parseLong(request("RSS", Duration.ofSeconds(10)).trim());
    }

    /** @return {@code registrations} and {@code observations} held by the server. */
    public Map<String, String> counts() throws InterruptedException {
        return ControlMessages.decodeFacts(request("COUNT", Duration.ofSeconds(60)));
    }

    /** Runs a fan-out ({@code READ} or {@code OBSERVE}) through Leshan's Java API inside the server process. */
    public Samples fanOut(String operation, int concurrency, Duration timeout) throws InterruptedException {
        return ControlMessages.decodeSamples(request(operation + " " + concurrency, timeout));
    }

    /** Runs paced single reads through Leshan's Java API inside the server process (see {@code PROBE}). */
    public Samples probe(int perSecond, Duration duration) throws InterruptedException {
        return ControlMessages.decodeSamples(request("PROBE " + perSecond + " " + duration.toMillis(),
                duration.plusSeconds(30)));
    }

    private String next(Duration timeout) throws InterruptedException {
        String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException(kind.label() + " server process did not answer within " + timeout);
        }
        if (line.equals(EOF)) {
            replies.add(EOF);
            throw new IllegalStateException(kind.label() + " server process exited (see its log)");
        }
        return line;
    }

    /** Asks the server to stop cleanly and waits for the process to exit; kills it if it does not. */
    public void stop(Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            request("STOP", timeout);
        } catch (IllegalStateException e) {
            LOG.warn("{} server did not stop cleanly: {}", kind.label(), e.getMessage());
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
