// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.motehub.bench.device.DeviceFleet;
import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.report.Figure;
import org.motehub.bench.report.ServerReport;
import org.motehub.bench.server.ServerKind;
import org.motehub.bench.server.ServerProcess;
import org.motehub.bench.server.ServerProcess.Launch;
import org.motehub.bench.stats.StatisticsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected scenarios against one server, in an order where each finds what it needs: the server process
 * starts with the fleet provisioned, a small fleet warms both JVMs up ({@link WarmUp}), the measured fleet starts,
 * then come register storm, observe setup, footprint, steady state, read fan-out, firmware pull, and
 * cold start plus deregistration in the order that keeps the registrations for both (see {@link Deregistration}).
 * The fleet and the server process are always stopped.
 */
public final class ServerRun {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRun.class);
    private static final String SETUP = "setup";

    private final BenchPlan plan;
    private final ServerKind kind;
    private final String label;
    private final DeviceKeys keys;
    private final Path dataDir;
    private final Path log;
    private final int coapsPort;
    private final int httpPort;

    /**
     * @param workDir folder for the server's data and log
     * @throws NullPointerException if an argument is null
     */
    public ServerRun(BenchPlan plan, ServerKind kind, DeviceKeys keys, Path workDir) {
        this(plan, kind, keys, workDir, kind.label());
    }

    /**
     * @param workDir folder for the server's data and log
     * @param label how the statistics lines name this run, e.g. {@code Motehub, generator warm-up}
     * @throws NullPointerException if an argument is null
     */
    public ServerRun(BenchPlan plan, ServerKind kind, DeviceKeys keys, Path workDir, String label) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.label = Objects.requireNonNull(label, "label");
        this.keys = Objects.requireNonNull(keys, "keys");
        String name = kind.name().toLowerCase(Locale.ROOT);
        this.dataDir = workDir.resolve(name);
        this.log = workDir.resolve(name + "-server.log");
        this.coapsPort = freeUdpPort();
        this.httpPort = kind == ServerKind.MOTEHUB ? freeTcpPort() : 0;
    }

    /** @return the server's log file. */
    public Path log() {
        return log;
    }

    /**
     * Runs the plan on this server.
     *
     * @return the figures and series measured
     * @throws InterruptedException if the run is interrupted
     * @throws IOException if the fleet cannot bind its sockets
     */
    public ServerReport run() throws InterruptedException, IOException {
        ServerReport report = new ServerReport(kind.label());
        Files.createDirectories(dataDir);
        ServerProcess server = launch(plan.provisionedDevices());
        DeviceFleet fleet = null;
        RunContext c = null;
        try {
            server.awaitReady(Duration.ofSeconds(120).plusMillis(plan.devices() * 20L));
            report.add(Figure.of(SETUP, "first start, provisioning " + plan.provisionedDevices() + " devices (ms)",
                    server.startToReadyNanos() / 1e6));
            WarmUp.run(plan, (f, r, s) -> new RunContext(plan, kind, label + " warm-up", f, r, s), keys,
                    server);
            fleet = DeviceFleet.start(keys, 0, plan.devices(), plan.requestDeadline().toMillis());
            c = new RunContext(plan, kind, label, fleet, report, server);
            awaitJitQuiet(server);
            long heapBefore = server.heapAfterGc();
            RegisterStorm.run(c);
            if (plan.has(ScenarioId.STEADY) || plan.has(ScenarioId.READ)) {
                ObserveSetup.run(c);
            }
            Footprint.run(c, heapBefore, dataDir);
            if (plan.has(ScenarioId.STEADY)) {
                SteadyState.run(c);
            }
            if (plan.has(ScenarioId.READ)) {
                ReadFanOut.run(c);
            }
            if (c.pacer != null) {
                c.pacer.close();
            }
            if (plan.has(ScenarioId.FIRMWARE)) {
                FirmwarePull.run(c, dataDir);
            }
            endOfRun(c);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            ServerProcess last = c != null ? c.server : server;
            last.stop(Duration.ofSeconds(60));
            server.close();
            if (c != null && c.rest != null) {
                c.rest.close();
            }
        }
        if (kind.persistent()) {
            report.add(Figure.of(Footprint.TITLE, "disk after stop (MiB)",
                    Footprint.directorySize(dataDir) / 1048576.0));
        }
        StatisticsLog.LOG.info("[{}] done", label);
        return report;
    }

    private void awaitJitQuiet(ServerProcess server) throws InterruptedException {
        JitQuiet.await(label, () -> RunContext.generatorCpu().jitNanos(), () -> {
            try {
                return server.cpu().jitNanos();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking the server for its CPU time", e);
            }
        }, JitQuiet.WINDOW, JitQuiet.MAX_WAIT);
    }

    private void endOfRun(RunContext c) throws InterruptedException {
        boolean cold = plan.has(ScenarioId.COLD);
        if (kind.persistent()) {
            if (cold) {
                ColdStart.run(c, () -> launch(0), httpPort);
            }
            Deregistration.run(c);
        } else {
            Deregistration.run(c);
            if (cold) {
                ColdStart.run(c, () -> launch(plan.provisionedDevices()), -1);
            }
        }
    }

    /** Starts the server process; Motehub provisions only missing devices, so a restart passes 0 to skip the loop. */
    private ServerProcess launch(int devicesToProvision) {
        LOG.info("Starting the {} server ({} devices to provision)", kind.label(), devicesToProvision);
        return ServerProcess.start(new Launch(kind, dataDir, keys, devicesToProvision, coapsPort, httpPort,
                plan.serverJvmOptions(), log));
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    private static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }
}
