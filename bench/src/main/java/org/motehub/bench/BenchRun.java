// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.report.Figure;
import org.motehub.bench.report.MachineInfo;
import org.motehub.bench.report.MarkdownReport;
import org.motehub.bench.report.ServerReport;
import org.motehub.bench.report.SvgPlot;
import org.motehub.bench.scenario.BenchPlan;
import org.motehub.bench.scenario.GeneratorWarmUp;
import org.motehub.bench.scenario.ReverseStormPass;
import org.motehub.bench.scenario.ScenarioId;
import org.motehub.bench.scenario.ServerRun;
import org.motehub.bench.server.ServerKind;
import org.motehub.bench.stats.StatisticsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: every server of the plan in turn on the same machine with the same generator, then the report
 * (Markdown table on the statistics logger and optionally appended to a file) and the SVG plot. A watchdog ends the
 * process if the run outlives its time limit; the server processes stop by themselves when this process goes.
 */
public final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    private final BenchPlan plan;
    private final Optional<Path> out;
    private final Path plotDir;
    private final String command;
    private final Duration maxTime;
    private final boolean keepData;

    /**
     * @param out Markdown file to append the results to, if any
     * @param plotDir folder of the SVG plot
     * @param command the exact command, as the report prints it
     * @param maxTime the longest the run may take before the watchdog ends it
     * @param keepData whether the servers' data folders and logs are kept after the run
     * @throws NullPointerException if an argument is null
     */
    public BenchRun(BenchPlan plan, Optional<Path> out, Path plotDir, String command, Duration maxTime,
            boolean keepData) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.out = Objects.requireNonNull(out, "out");
        this.plotDir = Objects.requireNonNull(plotDir, "plotDir");
        this.command = Objects.requireNonNull(command, "command");
        this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
        this.keepData = keepData;
    }

    /**
     * @return 0 when every server was measured, 1 when one failed (its figures say so)
     * @throws IOException if the work folder, the report or the plot cannot be written
     * @throws InterruptedException if interrupted
     */
    public int run() throws IOException, InterruptedException {
        startWatchdog();
        ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        DeviceKeys keys = new DeviceKeys(seed, "bench-");
        Path workDir = Files.createTempDirectory("motehub-bench-");
        LOG.info("Benchmark of {} devices, servers {}, work folder [{}]", plan.devices(), plan.servers(), workDir);
        GeneratorWarmUp.run(plan, keys, workDir);
        List<ServerReport> reports = new ArrayList<>();
        int status = 0;
        for (ServerKind kind : plan.servers()) {
            ServerRun run = new ServerRun(plan, kind, keys, workDir);
            try {
                reports.add(run.run());
            } catch (IOException | RuntimeException e) {
                LOG.error("The {} run failed; see [{}]", kind.label(), run.log(), e);
                ServerReport failed = new ServerReport(kind.label());
                failed.add(Figure.notApplicable("setup", "run", "failed: " + e.getMessage()));
                reports.add(failed);
                status = 1;
            }
        }
        if (status == 0 && plan.has(ScenarioId.STORM)) {
            ReverseStormPass.run(plan, keys, workDir, reports);
        }
        Optional<String> plotLink = writePlot(date, reports);
        String markdown = MarkdownReport.render(new MarkdownReport.RunInfo(date, MachineInfo.current(), command,
                settings(), plan.devices(), plotLink), reports);
        markdown.lines().forEach(StatisticsLog.LOG::info);
        if (out.isPresent()) {
            MarkdownReport.append(out.get(), markdown);
            LOG.info("Results appended to [{}]", out.get());
        }
        if (keepData) {
            LOG.info("Server data and logs kept in [{}]", workDir);
        } else {
            deleteRecursively(workDir);
        }
        return status;
    }

    private String settings() {
        String scenarios = plan.scenarios().stream().sorted().map(id -> id.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "scenarios %s; steady state %d s at %d notifications/s; lifetime %d s "
                + "(updates every %d s); storm concurrency %d; fan-out concurrency %d; %swarm-up %d devices; "
                + "server JVM `%s`; generator JVM `%s`; DTLS-PSK TLS_PSK_WITH_AES_128_CCM_8, one connector per "
                + "simulated device; code %s",
                scenarios, plan.steadyDuration().toSeconds(), plan.notifyRate(), plan.lifetimeSeconds(),
                plan.lifetimeSeconds() * 8 / 10, plan.stormConcurrency(), plan.readConcurrency(),
                plan.has(ScenarioId.STORM) ? "generator warm-up: one unmeasured storm per server; " : "",
                plan.warmUpDevices(), String.join(" ", plan.serverJvmOptions()), generatorJvm(),
                CodeVersion.describe());
    }

    /** @return the options this JVM, the generator's, was started with. */
    private static String generatorJvm() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-D"))
                .collect(Collectors.joining(" "));
    }

    private Optional<String> writePlot(ZonedDateTime date, List<ServerReport> reports) throws IOException {
        if (reports.stream().allMatch(r -> r.series().isEmpty())) {
            return Optional.empty();
        }
        Files.createDirectories(plotDir);
        Path file = plotDir.resolve("bench-" + FILE_DATE.format(date) + "-n" + plan.devices() + ".svg");
        String title = String.format(Locale.ROOT, "Motehub benchmark, %,d devices, %s", plan.devices(),
                date.toLocalDate());
        Files.writeString(file, SvgPlot.render(title, reports), StandardCharsets.UTF_8);
        LOG.info("Plot written to [{}]", file);
        Path base = out.map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        return Optional.of(base.relativize(file.toAbsolutePath()).toString().replace('\\', '/'));
    }

    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxTime.toMillis());
                LOG.error("The run exceeded its time limit of {} s; stopping (server processes stop when their "
                        + "stdin closes)", maxTime.toSeconds());
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
