// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.motehub.bench.device.DeviceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server process of a benchmark: runs Motehub or the vanilla Leshan baseline alone in its JVM, so that its CPU
 * time, heap and threads are measured apart from the load generator, and answers the benchmark's commands (see
 * {@link ControlMessages}) until told to stop or until its stdin closes (the benchmark died).
 */
@Command(name = "bench-server", description = "Server process of the Motehub benchmark (started by BenchMain).")
public final class ServerHost implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHost.class);

    @Option(names = "--kind", required = true, description = "MOTEHUB or LESHAN")
    ServerKind kind;

    @Option(names = "--data-dir", required = true, description = "Data folder (Motehub's RocksDB).")
    Path dataDir;

    @Option(names = "--devices", required = true, description = "Number of devices to provision.")
    int devices;

    @Option(names = "--seed", required = true, description = "Fleet seed (hex) the PSKs derive from.")
    String seed;

    @Option(names = "--prefix", defaultValue = "bench-", description = "Endpoint name prefix.")
    String prefix;

    @Option(names = "--coaps-port", defaultValue = "0", description = "CoAPS port, 0 for any.")
    int coapsPort;

    @Option(names = "--http-port", defaultValue = "0", description = "HTTP port (Motehub), 0 for any.")
    int httpPort;

    private PrintStream control;

    /** Starts the server process; its stdout is reserved for the control protocol. */
    public static void main(String[] args) {
        PrintStream control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ServerHost host = new ServerHost();
        host.control = control;
        int code = new CommandLine(host).execute(args);
        control.flush();
        System.exit(code);
    }

    @Override
    public Integer call() throws IOException {
        DeviceKeys keys = new DeviceKeys(HexFormat.of().parseHex(seed), prefix);
        BenchTarget target = kind == ServerKind.MOTEHUB ? MotehubTarget.start(dataDir, coapsPort, httpPort, keys,
                devices) : LeshanBaseline.start(coapsPort, keys, devices);
        Map<String, String> facts = new LinkedHashMap<>(target.facts());
        facts.put("uptimeMs", Long.toString(ManagementFactory.getRuntimeMXBean().getUptime()));
        facts.put("registrations", Long.toString(ServerProbe.registrations(target.lwm2m())));
        control.println(ControlMessages.ready(facts));
        ServerProbe probe = new ServerProbe(target.lwm2m());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("STOP")) {
                    target.close();
                    control.println(ControlMessages.ok("stopped"));
                    return 0;
                }
                control.println(answer(probe, line.trim()));
            }
        }
        LOG.warn("The benchmark went away (stdin closed); stopping");
        target.close();
        return 0;
    }

    private static String answer(ServerProbe probe, String command) {
        try {
            return ControlMessages.ok(probe.execute(command));
        } catch (RuntimeException e) {
            LOG.error("Command [{}] failed", command, e);
            return ControlMessages.error(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlMessages.error("interrupted");
        }
    }
}
