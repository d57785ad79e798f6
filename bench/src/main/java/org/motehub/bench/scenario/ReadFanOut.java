// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.report.Figure;
import org.motehub.bench.server.ServerCpu;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.stats.FanOut;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.Samples;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.bench.stats.Summary;
import org.motehub.bench.stats.TimeSeries;

/**
 * Scenario 3: one READ of {@code /3303/0/5700} per registered device, a fixed number in flight, while the steady
 * state's notifications go on. Motehub is asked the way an operator asks it, through the REST API
 * ({@code POST /api/v1/devices/{ep}/commands?wait=10s}); vanilla Leshan, which has no API, through
 * {@code LeshanServer.send} in its process. For a like-for-like view of the LwM2M core, the same Java-API fan-out
 * is also run inside Motehub's process.
 */
final class ReadFanOut {

    static final String REST_OR_API = "read fan-out (Motehub REST, Leshan Java API)";
    static final String JAVA_API = "read fan-out (Java API in both)";
    private static final String PATH = "/3303/0/5700";

    private ReadFanOut() {
    }

    static void run(RunContext c) throws InterruptedException {
        if (c.rest().isPresent()) {
            MotehubRestClient rest = c.rest().get();
            measure(c, REST_OR_API, () -> {
                LatencyRecorder recorder = new LatencyRecorder();
                Progress progress = Progress.start(c, REST_OR_API, recorder);
                try {
                    FanOut.run(c.fleet.devices().stream().filter(SimulatedDevice::isRegistered).toList(),
                            d -> rest.command(d.endpoint(), "READ", PATH), c.plan.readConcurrency(),
                            c.plan.fanOutDeadline(), recorder);
                } finally {
                    progress.close();
                }
                return recorder.all();
            });
            measure(c, JAVA_API, () -> javaApi(c));
        } else {
            measure(c, JAVA_API, () -> javaApi(c));
            copy(c);
        }
    }

    private static Samples javaApi(RunContext c) throws InterruptedException {
        return c.server.fanOut("READ", c.plan.readConcurrency(), c.plan.fanOutDeadline().plusSeconds(30));
    }

    /** Leshan's only way to read is its Java API: its REST-row figures are those of the Java-API fan-out. */
    private static void copy(RunContext c) {
        c.report.figures().stream().filter(f -> f.scenario().equals(JAVA_API)).toList()
                .forEach(f -> c.report.add(Figure.of(REST_OR_API, f.name(), f.value(), f.text())));
        c.report.series(REST_OR_API, c.report.series().get(JAVA_API));
    }

    private interface Work {
        Samples run() throws InterruptedException;
    }

    private static Samples measure(RunContext c, String title, Work work) throws InterruptedException {
        ServerCpu serverCpu0 = c.server.cpu();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Samples samples = work.run();
        long elapsed = System.nanoTime() - t0;
        ServerCpu serverCpu = c.server.cpu().since(serverCpu0);
        Summary summary = Summary.of(samples, Duration.ofNanos(elapsed));
        c.addSummary(title, "reads", summary);
        int ok = Math.max(1, summary.count());
        c.report.add(Figure.of(title, "server CPU per read (ms)", serverCpu.processNanos() / 1e6 / ok));
        c.report.series(title, TimeSeries.of(samples, wall0, wall0 + elapsed / 1_000_000));
        c.logSummary(title, summary);
        StatisticsLog.LOG.info("[{}] {}: server CPU {} ms per read (by thread: {})", c.label, title,
                Figure.format(serverCpu.processNanos() / 1e6 / ok), serverCpu.perOperation(ok));
        return samples;
    }
}
