// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.bench.stats.FanOut;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.PacedProbe;

/**
 * Answers the benchmark's commands inside the server process: resource figures of this JVM, and the work a vanilla
 * Leshan user does through Leshan's Java API ({@code LeshanServer.send}) instead of a REST API.
 * <ul>
 * <li>{@code CPU}: CPU time of this process so far, nanoseconds (every thread: server, GC, JIT, RocksDB), then by
 * thread group ({@link ServerCpu}).</li>
 * <li>{@code HEAP}: heap used after two full collections, bytes.</li>
 * <li>{@code RSS}: resident set size, bytes (heap plus native memory such as RocksDB's).</li>
 * <li>{@code COUNT}: {@code registrations=.. observations=..}.</li>
 * <li>{@code READ <concurrency>} and {@code OBSERVE <concurrency>}: one read (observe) of {@code /3303/0/5700} per
 * registered device through {@code LeshanServer.send}, answered with the samples.</li>
 * <li>{@code PROBE <per second> <milliseconds>}: reads of {@code /3303/0/5700} one at a time on random registered
 * devices through {@code LeshanServer.send}, at that rate for that long, answered with the samples.</li>
 * </ul>
 */
final class ServerProbe {

    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final LeshanServer server;

    ServerProbe(LeshanServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    String execute(String command) throws InterruptedException {
        String[] words = command.split("\\s+");
        switch (words[0]) {
        case "CPU":
            return cpu();
        case "HEAP":
            return Long.toString(heapAfterGc());
        case "RSS":
            return Long.toString(residentBytes());
        case "COUNT":
            return "registrations=" + registrations(server) + " observations=" + observations();
        case "READ":
            return fanOut(r -> new ReadRequest(3303, 0, 5700), concurrency(words));
        case "OBSERVE":
            return fanOut(r -> new ObserveRequest(3303, 0, 5700), concurrency(words));
        case "PROBE":
            return probe(Integer.parseInt(words[1]), Duration.ofMillis(Long.parseLong(words[2])));
        default:
            throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private static int concurrency(String[] words) {
        if (words.length < 2) {
            throw new IllegalArgumentException("missing concurrency");
        }
        return Integer.parseInt(words[1]);
    }

    /** @return {@code process=<ns>} then {@code <thread group>=<ns>} for each group of this process's threads. */
    private static String cpu() {
        ServerCpu now = ServerCpu.ofThisProcess();
        StringBuilder b = new StringBuilder("process=").append(now.processNanos());
        now.groupNanos().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long registrations(LeshanServer server) {
        long n = 0;
        for (Iterator<Registration> it = server.getRegistrationService().getAllRegistrations(); it.hasNext();) {
            it.next();
            n++;
        }
        return n;
    }

    private long observations() {
        long n = 0;
        for (Iterator<Registration> it = server.getRegistrationService().getAllRegistrations(); it.hasNext();) {
            n += server.getObservationService().getObservations(it.next()).size();
        }
        return n;
    }

    private String fanOut(Function<Registration, DownlinkRequest<? extends LwM2mResponse>> request,
            int concurrency) throws InterruptedException {
        List<Registration> registrations = new ArrayList<>();
        server.getRegistrationService().getAllRegistrations().forEachRemaining(registrations::add);
        LatencyRecorder recorder = new LatencyRecorder();
        FanOut.run(registrations, r -> send(r, request.apply(r)), concurrency,
                Duration.ofMillis(REQUEST_TIMEOUT_MS * 2 + registrations.size() * 20L), recorder);
        return ControlMessages.encodeSamples(recorder.all());
    }

    private String probe(int perSecond, Duration duration) throws InterruptedException {
        List<Registration> registrations = new ArrayList<>();
        server.getRegistrationService().getAllRegistrations().forEachRemaining(registrations::add);
        LatencyRecorder recorder = new LatencyRecorder();
        if (!registrations.isEmpty()) {
            PacedProbe.run(() -> send(registrations.get(ThreadLocalRandom.current().nextInt(registrations.size())),
                    new ReadRequest(3303, 0, 5700)), perSecond, duration, Duration.ofMillis(REQUEST_TIMEOUT_MS),
                    recorder);
        }
        return ControlMessages.encodeSamples(recorder.all());
    }

    private <T extends LwM2mResponse> CompletionStage<Boolean> send(Registration registration,
            DownlinkRequest<T> request) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        server.send(registration, request, REQUEST_TIMEOUT_MS, response -> result.complete(response.isSuccess()),
                result::completeExceptionally);
        return result;
    }
}
