// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FailureRate;
import org.motehub.demo.firmware.FirmwareImageCommand;
import org.motehub.demo.firmware.FirmwareKeyCommand;
import org.motehub.demo.firmware.FirmwareKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Command line entry point that runs a {@link DemoFleet} against any LwM2M server, for demos and load tests; the
 * Motehub assembly embeds it through {@link #run(String...)}.
 */
@Command(name = "demo-client", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Motehub demo-client (Eclipse Leshan client 2.0.0-M15)",
        description = "Runs a fleet of simulated LwM2M devices (Device, Firmware Update, Temperature and Humidity "
                + "objects) against one LwM2M server; the subcommands build signed demo firmware images.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = { "0:stopped normally", "1:not all devices registered before --duration ended, or an error",
            "2:invalid options" },
        subcommands = { FirmwareImageCommand.class, FirmwareKeyCommand.class })
public final class DemoClientMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoClientMain.class);

    /** How often progress is logged while devices are still registering. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "URI",
            description = "Bootstrap server, or LwM2M server with --no-bootstrap; coaps:// uses DTLS-PSK, coap:// no "
                    + "security. Default: coaps://127.0.0.1:5784, or coaps://127.0.0.1:5684 with --no-bootstrap.")
    private URI server;

    @Option(names = "--no-bootstrap",
            description = "Register directly at --server with DM credentials instead of bootstrapping first.")
    private boolean noBootstrap;

    @Option(names = "--devices", defaultValue = "10", paramLabel = "N",
            description = "Number of devices, at least 1. Default: ${DEFAULT-VALUE}.")
    private int devices;

    @Option(names = "--start-index", defaultValue = "1", paramLabel = "N",
            description = "Index of the first device. Default: ${DEFAULT-VALUE}.")
    private int startIndex;

    @Option(names = "--endpoint-prefix", defaultValue = "demo-", paramLabel = "PREFIX",
            description = "Endpoint name prefix; endpoints are PREFIX0001, PREFIX0002, ... Default: ${DEFAULT-VALUE}.")
    private String endpointPrefix;

    @Option(names = "--psk-identity-prefix", paramLabel = "PREFIX",
            description = "PSK identity prefix (coaps only). Default: the endpoint prefix (identity = endpoint).")
    private String pskIdentityPrefix;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private PskSecret pskSecret;

    @Option(names = "--lifetime", defaultValue = "300", paramLabel = "SECONDS",
            description = "Registration lifetime in seconds. Default: ${DEFAULT-VALUE}.")
    private long lifetimeSeconds;

    @Option(names = "--sensor-period", defaultValue = "5", paramLabel = "SECONDS",
            description = "How often sensor values change, in seconds (decimals allowed). Default: ${DEFAULT-VALUE}.")
    private double sensorPeriodSeconds;

    @Option(names = "--queue-mode",
            description = "Register in queue mode (LwM2M 1.1 Q parameter; binding UQ in 1.0 terms). Default: off.")
    private boolean queueMode;

    @Option(names = "--firmware-key", paramLabel = "PEM",
            description = "Public key (X.509 PEM, Ed25519 or EC P-256) firmware images must be signed with. "
                    + "Default: none, devices check only the image's SHA-256.")
    private Path firmwareKey;

    @Option(names = "--firmware-version", defaultValue = "1.0.0", paramLabel = "VERSION",
            description = "Firmware version the devices start with. Default: ${DEFAULT-VALUE}.")
    private String firmwareVersion;

    @Option(names = "--fail-at", paramLabel = "STEP",
            description = "Make devices fail firmware updates at STEP: download (result 4), integrity (result 5), "
                    + "update (result 8) or rollback (reports success, keeps the old version). Default: none.")
    private String failAt;

    @Option(names = "--fail-rate", paramLabel = "R",
            description = "Share of devices that fail at --fail-at, 0..1: device i (0-based) fails iff "
                    + "floor((i+1)*R) > floor(i*R), so exactly floor(N*R) of N fail. Default: 1.")
    private String failRate;

    @Option(names = "--update-delay", defaultValue = "1", paramLabel = "SECONDS",
            description = "How long flashing takes after Execute Update, in seconds. Default: ${DEFAULT-VALUE}.")
    private double updateDelaySeconds;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Run this many seconds, then deregister and exit. Default: until Ctrl-C.")
    private Long durationSeconds;

    /** The two mutually exclusive ways to give the devices their keys. */
    static final class PskSecret {
        @Option(names = "--psk-key", paramLabel = "HEX", converter = HexConverter.class,
                description = "One pre-shared key for all devices, in hex.")
        private HexBytes key;

        @Option(names = "--psk-seed", paramLabel = "HEX", converter = HexConverter.class,
                description = "Seed in hex; each device's key is HMAC-SHA256(seed, endpoint) cut to 16 bytes.")
        private HexBytes seed;
    }

    /** Bytes given in hex; a wrapper because picocli would take a {@code byte[]} option for a multi-value one. */
    static final class HexBytes {
        private final byte[] bytes;

        HexBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        byte[] bytes() {
            return bytes.clone();
        }
    }

    /** Converts a hex string option value, refusing odd lengths, non-hex digits and empty values. */
    static final class HexConverter implements ITypeConverter<HexBytes> {
        @Override
        public HexBytes convert(String value) {
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an even number of hex digits");
            }
            if (bytes.length == 0) {
                throw new TypeConversionException("must not be empty");
            }
            return new HexBytes(bytes);
        }
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command without exiting the JVM: parses the options, runs the fleet for {@code --duration} (or until
     * the JVM shuts down), deregisters the devices and returns.
     *
     * @param args the command line arguments
     * @return the exit code: 0 normal, 1 not all devices registered or an error, 2 invalid options
     */
    public static int run(String... args) {
        return new CommandLine(new DemoClientMain()).execute(args);
    }

    /** Like {@link #run(String...)} with picocli's output going to the given writers; for tests. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new DemoClientMain()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (durationSeconds != null && durationSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--duration must be at least 1 but was "
                    + durationSeconds);
        }
        DemoFleet fleet = buildFleet();
        Optional<Duration> duration = Optional.ofNullable(durationSeconds).map(Duration::ofSeconds);
        CountDownLatch shutdown = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("shutting down: deregistering [{}] devices", fleet.endpoints().size());
            shutdown.countDown();
            fleet.close();
        }, "demo-client-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long startNanos = System.nanoTime();
            fleet.start();
            boolean allRegistered = awaitRegistration(fleet, startNanos, duration, shutdown);
            long remaining = duration.map(d -> d.toNanos() - (System.nanoTime() - startNanos)).orElse(Long.MAX_VALUE);
            if (remaining > 0 && !shutdown.await(remaining, TimeUnit.NANOSECONDS)) {
                LOG.info("ran for [{}] s, deregistering [{}] devices", durationSeconds, fleet.endpoints().size());
            }
            return allRegistered || shutdown.getCount() == 0 ? 0 : 1;
        } finally {
            fleet.close();
            removeHook(hook);
        }
    }

    private DemoFleet buildFleet() {
        if (server == null) {
            server = URI.create(noBootstrap ? "coaps://127.0.0.1:5684" : "coaps://127.0.0.1:5784");
        }
        DemoFleet.Builder builder = DemoFleet.builder() //
                .bootstrap(!noBootstrap) //
                .serverUri(server) //
                .devices(devices) //
                .startIndex(startIndex) //
                .endpointPrefix(endpointPrefix) //
                .lifetime(Duration.ofSeconds(lifetimeSeconds)) //
                .sensorPeriod(Duration.ofNanos(Math.round(sensorPeriodSeconds * 1e9))) //
                .queueMode(queueMode);
        if (pskIdentityPrefix != null) {
            builder.pskIdentityPrefix(pskIdentityPrefix);
        }
        builder.firmware(buildFirmware());
        boolean secure = "coaps".equals(server.getScheme());
        if (pskSecret != null && pskSecret.key != null) {
            builder.pskKey(pskSecret.key.bytes());
        } else if (pskSecret != null && pskSecret.seed != null) {
            builder.pskSeed(pskSecret.seed.bytes());
        } else if (secure) {
            throw new ParameterException(spec.commandLine(), server + " uses DTLS-PSK: give --psk-key or --psk-seed");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the builder names the setting; setting names match the option names closely enough
            throw new ParameterException(spec.commandLine(), "invalid options: " + e.getMessage());
        }
    }

    private FleetFirmware buildFirmware() {
        FleetFirmware.Builder firmware = FleetFirmware.builder().initialVersion(firmwareVersion);
        try {
            if (firmwareKey != null) {
                firmware.trustedKey(FirmwareKeys.readPublicKey(firmwareKey));
            }
            if (failAt != null) {
                firmware.failAt(FailureMode.parse(failAt));
            } else if (failRate != null) {
                throw new ParameterException(spec.commandLine(), "--fail-rate needs --fail-at");
            }
            if (failRate != null) {
                firmware.failRate(FailureRate.parse(failRate));
            }
            if (updateDelaySeconds < 0) {
                throw new IllegalArgumentException("--update-delay must not be negative but was " + updateDelaySeconds);
            }
            firmware.updateDelay(Duration.ofMillis(Math.round(updateDelaySeconds * 1000)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "invalid firmware options: " + e.getMessage());
        }
        return firmware.build();
    }

    /** Waits (logging progress) until all devices are registered, the duration is over, or the JVM shuts down. */
    private static boolean awaitRegistration(DemoFleet fleet, long startNanos, Optional<Duration> duration,
            CountDownLatch shutdown) throws InterruptedException {
        int total = fleet.endpoints().size();
        while (true) {
            Duration slice = PROGRESS_INTERVAL;
            if (duration.isPresent()) {
                Duration left = duration.get().minusNanos(System.nanoTime() - startNanos);
                slice = left.compareTo(slice) < 0 ? left : slice;
            }
            if (!slice.isNegative() && fleet.awaitRegistered(slice)) {
                LOG.info("{} devices registered in {} ms", total,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                return true;
            }
            if (shutdown.getCount() == 0) {
                return false;
            }
            long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            if (duration.isPresent() && elapsedSeconds >= duration.get().toSeconds()) {
                LOG.warn("only [{}] of [{}] devices registered within [{}] s", fleet.registeredCount(), total,
                        duration.get().toSeconds());
                return false;
            }
            LOG.info("[{}] of [{}] devices registered after [{}] s", fleet.registeredCount(), total, elapsedSeconds);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook runs (or ran): nothing to remove
        }
    }
}
