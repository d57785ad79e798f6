// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.motehub.bench.scenario.BenchPlan;
import org.motehub.bench.scenario.ScenarioId;
import org.motehub.bench.server.ServerKind;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code motehub-bench}: measures Motehub and a vanilla Leshan server side by side, in one run, on this machine, with
 * a light load generator that simulates the devices over DTLS-PSK on loopback. Holds no logic: it validates the
 * options into a {@link BenchPlan} and hands it to {@link BenchRun}.
 */
@Command(name = "motehub-bench", mixinStandardHelpOptions = true, version = "Motehub bench 0.1.0",
        sortOptions = false,
        description = "Benchmark Motehub against a vanilla Leshan server (same machine, same run).")
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", defaultValue = "1000", description = "Simulated devices. Default: ${DEFAULT-VALUE}")
    int devices;

    @Option(names = "--scenarios", split = ",", defaultValue = "storm,steady,read,firmware,cold",
            description = "Scenarios, comma-separated: ${COMPLETION-CANDIDATES}. Default: all")
    List<ScenarioId> scenarios;

    @Option(names = "--servers", split = ",", defaultValue = "motehub,leshan",
            description = "Servers, in report order: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    List<ServerKind> servers;

    @Option(names = "--duration", defaultValue = "60",
            description = "Seconds the steady state is measured. Default: ${DEFAULT-VALUE}")
    int durationSeconds;

    @Option(names = "--notify-rate", defaultValue = "200",
            description = "Notifications per second from the whole fleet in steady state. Default: ${DEFAULT-VALUE}")
    int notifyRate;

    @Option(names = "--lifetime", defaultValue = "120",
            description = "Registration lifetime in seconds; devices update every 80 % of it. "
                    + "Default: ${DEFAULT-VALUE}")
    int lifetime;

    @Option(names = "--storm-concurrency", defaultValue = "100",
            description = "Registrations in flight during the storm. Default: ${DEFAULT-VALUE}")
    int stormConcurrency;

    @Option(names = "--read-concurrency", defaultValue = "16",
            description = "Requests in flight during observe setup and read fan-out. Default: ${DEFAULT-VALUE}")
    int readConcurrency;

    @Option(names = "--warmup", defaultValue = "1000",
            description = "Devices of the unmeasured warm-up fleet run first on each server, 0 for none. "
                    + "Default: ${DEFAULT-VALUE}")
    int warmUp;

    @Option(names = "--out", description = "Markdown file to append the results table to, e.g. docs/benchmarks.md")
    Path out;

    @Option(names = "--plot-dir",
            description = "Folder of the SVG plot. Default: bench/ beside --out, else ./bench-plots")
    Path plotDir;

    @Option(names = "--firmware-devices", defaultValue = "1000",
            description = "Devices that pull the image at once in the firmware scenario. Default: ${DEFAULT-VALUE}")
    int firmwareDevices;

    @Option(names = "--firmware-kib", defaultValue = "256",
            description = "Size of the firmware image in KiB. Default: ${DEFAULT-VALUE}")
    int firmwareKib;

    @Option(names = "--server-jvm-opts", defaultValue = "-Xmx2g",
            description = "Options of the server processes' JVM, space-separated. Default: ${DEFAULT-VALUE}")
    String serverJvmOptions;

    @Option(names = "--generator-jvm-opts", defaultValue = "-Xms2g -Xmx2g -XX:+AlwaysPreTouch",
            description = "Options of the load generator's JVM, space-separated; the benchmark starts itself again "
                    + "with them, so that the generator costs the same against every server. "
                    + "Default: ${DEFAULT-VALUE}")
    String generatorJvmOptions;

    @Option(names = "--max-time", defaultValue = "600",
            description = "Seconds after which the run stops itself, finished or not. Default: ${DEFAULT-VALUE}")
    int maxTimeSeconds;

    @Option(names = "--keep-data", description = "Keep the servers' data folders and logs (printed at the end).")
    boolean keepData;

    private List<String> args = List.of();

    /** Runs the benchmark; exits with 0 when every server was measured. */
    public static void main(String[] args) {
        BenchMain main = new BenchMain();
        main.args = List.of(args);
        CommandLine cli = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        check(devices >= 1 && devices <= 20_000, "--devices must be 1 to 20000 (one UDP socket each)");
        check(durationSeconds >= 5 && durationSeconds <= 600, "--duration must be 5 to 600 seconds");
        check(notifyRate >= 0 && notifyRate <= 10_000, "--notify-rate must be 0 to 10000");
        check(lifetime >= 30, "--lifetime must be at least 30 seconds");
        check(stormConcurrency >= 1 && stormConcurrency <= 5_000, "--storm-concurrency must be 1 to 5000");
        check(readConcurrency >= 1 && readConcurrency <= 500, "--read-concurrency must be 1 to 500");
        check(warmUp >= 0 && warmUp <= 5_000, "--warmup must be 0 to 5000");
        check(devices + warmUp <= 20_000, "--devices plus --warmup must be at most 20000");
        check(firmwareDevices >= 1, "--firmware-devices must be at least 1");
        check(firmwareKib >= 1 && firmwareKib <= 16 * 1024, "--firmware-kib must be 1 to 16384");
        check(maxTimeSeconds >= 30, "--max-time must be at least 30 seconds");
        check(!servers.isEmpty() && servers.stream().distinct().count() == servers.size(),
                "--servers must name each server once");
        if (!GeneratorJvm.isGenerator()) {
            return GeneratorJvm.relaunch(words(generatorJvmOptions), args, commandLine());
        }
        List<String> jvm = words(serverJvmOptions);
        BenchPlan plan = new BenchPlan(devices, EnumSet.copyOf(scenarios), servers,
                Duration.ofSeconds(durationSeconds), notifyRate, lifetime, stormConcurrency, readConcurrency,
                warmUp, jvm, Math.min(firmwareDevices, devices), firmwareKib * 1024);
        Path plots = plotDir != null ? plotDir
                : out != null ? out.toAbsolutePath().getParent().resolve("bench") : Path.of("bench-plots");
        String command = GeneratorJvm.userCommand().orElse(commandLine());
        return new BenchRun(plan, Optional.ofNullable(out), plots, command, Duration.ofSeconds(maxTimeSeconds),
                keepData).run();
    }

    private static List<String> words(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** @return the command as typed, as near as the JVM can tell: {@code java [options] -jar <jar> <args>}. */
    private String commandLine() {
        List<String> words = new ArrayList<>();
        words.add("java");
        words.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            words.add("-jar");
            words.add(classPath);
        } else {
            words.add(BenchMain.class.getName());
        }
        args.forEach(a -> words.add(a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", words);
    }
}
