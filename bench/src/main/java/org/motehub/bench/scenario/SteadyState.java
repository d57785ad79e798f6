// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.report.Figure;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.server.ServerCpu;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.PacedProbe;
import org.motehub.bench.stats.Samples;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.bench.stats.Summary;
import org.motehub.bench.stats.TimeSeries;

/**
 * Scenario 2: the fleet stays registered; each device updates its registration every 80 % of its lifetime and the
 * fleet sends confirmable notifications at the set rate. Measured over the set duration: rate and acknowledgement
 * latency of notifications, rate and latency of updates, the latency of single reads made one at a time (10 per
 * second, through Motehub's REST API; through Leshan's Java API for the baseline), and the server's CPU use. The
 * notifications keep running afterwards, so that the read fan-out happens under the same load.
 */
final class SteadyState {

    static final String NOTIFICATIONS = "steady state: notifications";
    static final String UPDATES = "steady state: updates";
    static final String SERVER = "steady state: server";
    static final String PROBE = "steady state: single reads, 10/s (Motehub REST, Leshan Java API)";
    private static final int PROBE_RATE = 10;
    private static final String PATH = "/3303/0/5700";

    private SteadyState() {
    }

    static void run(RunContext c) throws InterruptedException {
        if (c.pacer == null) {
            c.pacer = new NotificationPacer(c.fleet.devices(), c.plan.notifyRate(), c.fleet.scheduler());
        }
        ServerCpu serverCpu0 = c.server.cpu();
        long from = System.currentTimeMillis();
        long t0 = System.nanoTime();
        CompletableFuture<Samples> probe = CompletableFuture.supplyAsync(() -> probe(c));
        Progress progress = Progress.start(c, NOTIFICATIONS, c.pacer.recorder());
        try {
            Thread.sleep(c.plan.steadyDuration().toMillis());
        } finally {
            progress.close();
        }
        Samples reads = join(probe);
        long to = System.currentTimeMillis();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        ServerCpu serverCpu = c.server.cpu().since(serverCpu0);
        double serverCpuMs = serverCpu.processNanos() / 1e6;
        Samples notifications = c.pacer.recorder().window(from, to);
        Samples updates = c.fleet.updates().window(from, to);
        Samples again = c.fleet.reRegistrations().window(from, to);
        Summary n = Summary.of(notifications, elapsed);
        Summary u = Summary.of(updates, elapsed);
        c.addSummary(NOTIFICATIONS, "notifications", n);
        c.addSummary(UPDATES, "updates", u);
        c.report.add(Figure.of(UPDATES, "registered again after a failed update (failed)", Double.NaN,
                again.successes() + " (" + again.failures() + ")"));
        int messages = Math.max(1, n.count() + u.count());
        double cpuPercent = serverCpuMs / elapsed.toMillis() * 100;
        Summary r = Summary.of(reads, elapsed);
        c.addSummary(PROBE, "reads", r);
        c.report.add(Figure.of(SERVER, "CPU (% of one core)", cpuPercent));
        c.report.add(Figure.of(SERVER, "CPU per notification or update (ms)", serverCpuMs / messages));
        c.report.series(NOTIFICATIONS, TimeSeries.of(notifications, from, to));
        c.report.series(UPDATES, TimeSeries.of(updates, from, to));
        c.report.series(PROBE, TimeSeries.of(reads, from, to));
        c.logSummary(NOTIFICATIONS, n);
        c.logSummary(UPDATES, u);
        c.logSummary(PROBE, r);
        StatisticsLog.LOG.info("[{}] {}: CPU {} % of one core, {} ms per notification or update (by thread: {})",
                c.label, SERVER, Figure.format(cpuPercent), Figure.format(serverCpuMs / messages),
                serverCpu.perOperation(messages));
    }

    /** Reads one device at a time, 10 times a second, for the steady state's duration. */
    private static Samples probe(RunContext c) {
        try {
            if (c.rest().isPresent()) {
                MotehubRestClient rest = c.rest().get();
                List<SimulatedDevice> devices = c.fleet.devices().stream().filter(SimulatedDevice::isRegistered)
                        .toList();
                LatencyRecorder recorder = new LatencyRecorder();
                if (!devices.isEmpty()) {
                    PacedProbe.run(() -> rest.command(devices.get(ThreadLocalRandom.current().nextInt(
                            devices.size())).endpoint(), "READ", PATH), PROBE_RATE, c.plan.steadyDuration(),
                            Duration.ofSeconds(20), recorder);
                }
                return recorder.all();
            }
            return c.server.probe(PROBE_RATE, c.plan.steadyDuration());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Samples.empty();
        }
    }

    private static Samples join(CompletableFuture<Samples> probe) throws InterruptedException {
        try {
            return probe.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the read probe failed", e.getCause());
        }
    }
}
