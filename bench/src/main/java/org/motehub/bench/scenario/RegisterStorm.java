// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.report.Figure;
import org.motehub.bench.server.ServerCpu;
import org.motehub.bench.stats.FanOut;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.Samples;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.bench.stats.Summary;
import org.motehub.bench.stats.TimeSeries;

/**
 * Scenario 1: every device registers (DTLS-PSK handshake, then LwM2M Register), with a fixed number in flight. The
 * latency of one registration runs from sending the Register (which starts the handshake) to its 2.01. The server's
 * CPU time comes from its own process, so the generator's work is not in it.
 */
final class RegisterStorm {

    static final String TITLE = "register storm";

    private RegisterStorm() {
    }

    static void run(RunContext c) throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        InetSocketAddress server = c.server.coapsAddress();
        int lifetime = c.plan.lifetimeSeconds();
        ServerCpu serverCpu0 = c.server.cpu();
        ServerCpu generatorCpu0 = RunContext.generatorCpu();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Progress progress = Progress.start(c, TITLE, recorder);
        try {
            FanOut.run(c.fleet.devices(), d -> register(c, d, server, lifetime), c.plan.stormConcurrency(),
                    c.plan.fanOutDeadline(), recorder);
        } finally {
            progress.close();
        }
        long elapsed = System.nanoTime() - t0;
        ServerCpu serverCpu = c.server.cpu().since(serverCpu0);
        ServerCpu generatorCpu = RunContext.generatorCpu().since(generatorCpu0);
        double generatorCpuMs = generatorCpu.processNanos() / 1e6;
        Samples samples = recorder.all();
        Summary summary = Summary.of(samples, Duration.ofNanos(elapsed));
        int ok = Math.max(1, summary.count());
        c.addSummary(TITLE, "registrations", summary);
        c.report.add(Figure.of(TITLE, "server CPU per registration (ms)", serverCpu.processNanos() / 1e6 / ok));
        c.report.add(Figure.of(TITLE, "server CPU per registration, JIT compiler left out (ms)",
                serverCpu.withoutJitNanos() / 1e6 / ok));
        c.report.add(Figure.of(TITLE, "generator CPU per registration (ms)", generatorCpuMs / ok));
        c.report.series(TITLE, TimeSeries.of(samples, wall0, wall0 + elapsed / 1_000_000));
        c.logSummary(TITLE, summary);
        StatisticsLog.LOG.info("[{}] {}: server CPU {} ms per registration ({} without JIT; by thread: {}), "
                + "generator CPU {} ms (by thread: {})", c.label, TITLE,
                Figure.format(serverCpu.processNanos() / 1e6 / ok),
                Figure.format(serverCpu.withoutJitNanos() / 1e6 / ok), serverCpu.perOperation(ok),
                Figure.format(generatorCpuMs / ok), generatorCpu.perOperation(ok));
    }

    private static CompletionStage<Boolean> register(RunContext c, SimulatedDevice device, InetSocketAddress server,
            int lifetime) {
        return device.register(server, lifetime).thenApply(v -> {
            c.fleet.keepAlive(device, lifetime);
            return true;
        });
    }
}
