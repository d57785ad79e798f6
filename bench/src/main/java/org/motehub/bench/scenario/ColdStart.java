// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.motehub.bench.report.Figure;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.server.ServerProcess;
import org.motehub.bench.stats.Percentiles;
import org.motehub.bench.stats.StatisticsLog;

/**
 * Scenario 5: the server is stopped cleanly and started again {@value #RESTARTS} times with the fleet in its store,
 * on the same ports. Measured from starting the process to its ready line (Motehub logs {@code Motehub ready} just
 * before) and, for Motehub, to its REST API answering {@code /api/v1/health}. Motehub reopens RocksDB with every
 * device, registration and observation; the in-memory baseline must be given its N PSKs again and has lost every
 * registration, which the figures show.
 */
final class ColdStart {

    static final String TITLE = "cold start";
    static final int RESTARTS = 3;

    private ColdStart() {
    }

    /**
     * @param restart starts the server process again (not yet ready) with the same data folder and ports
     * @param httpPort the HTTP port Motehub comes back on, or -1 when it has no API
     */
    static void run(RunContext c, Supplier<ServerProcess> restart, int httpPort) throws InterruptedException {
        c.server.stop(Duration.ofSeconds(60));
        long[] toReady = new long[RESTARTS];
        long[] toApi = new long[RESTARTS];
        Map<String, String> counts = Map.of();
        for (int i = 0; i < RESTARTS; i++) {
            ServerProcess process = restart.get();
            CompletableFuture<Long> api = httpPort < 0 ? CompletableFuture.completedFuture(-1L)
                    : CompletableFuture.supplyAsync(() -> pollHealth(httpPort, process.startNanos()));
            try {
                process.awaitReady(Duration.ofMinutes(2));
                toReady[i] = process.startToReadyNanos();
                toApi[i] = api.get(2, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                process.close();
                throw new IllegalStateException("restart " + (i + 1) + " of the " + c.kind.label() + " server failed",
                        e);
            }
            if (i < RESTARTS - 1) {
                process.stop(Duration.ofSeconds(60));
            } else {
                counts = process.counts();
                c.useServer(process);
            }
        }
        double ready = Percentiles.of(toReady).median() / 1e6;
        c.report.add(Figure.of(TITLE, "process start to ready (ms, median of " + RESTARTS + ")", ready));
        if (httpPort < 0) {
            c.report.add(Figure.notApplicable(TITLE, "process start to API answering (ms)", "no API"));
        } else {
            c.report.add(Figure.of(TITLE, "process start to API answering (ms)", Percentiles.of(toApi).median() / 1e6));
        }
        String registrations = counts.getOrDefault("registrations", "?");
        String observations = counts.getOrDefault("observations", "?");
        c.report.add(Figure.of(TITLE, "registrations (observations) restored", Double.NaN,
                registrations + " (" + observations + ")"));
        StatisticsLog.LOG.info("[{}] {}: process start to ready {} ms (median of {}), to API {} ms; {} registrations "
                + "and {} observations restored; {} devices registered again after an update failed while it was "
                + "down", c.label, TITLE, Figure.format(ready), RESTARTS,
                httpPort < 0 ? "n/a" : Figure.format(Percentiles.of(toApi).median() / 1e6), registrations,
                observations, c.fleet.reRegistrations().successes());
    }

    private static long pollHealth(int httpPort, long startNanos) {
        try (MotehubRestClient client = new MotehubRestClient(URI.create("http://127.0.0.1:" + httpPort + "/"))) {
            long deadline = startNanos + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (client.healthy()) {
                    return System.nanoTime() - startNanos;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("the API did not answer within 2 minutes");
    }
}
