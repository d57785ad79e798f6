// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.motehub.demo.DemoFleet;
import org.motehub.demo.PskKeys;
import org.motehub.model.device.NewDevice;
import org.motehub.model.firmware.Firmware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code motehub demo}: the server plus a small simulated fleet, as a newcomer's first look. Each device is created in
 * the registry with its own PSK (derived from a random seed kept in the data folder). By default the devices know
 * only their bootstrap credentials: they bootstrap, get fresh DM credentials from Motehub and register with them;
 * {@code --no-bootstrap} gives them DM credentials directly. {@link DemoFirmware} makes firmware updates tryable: a
 * trusted demo signing key, devices that check it, and signed demo images in the repository.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the server with a simulated fleet of LwM2M devices that bootstrap over DTLS-PSK.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", defaultValue = "${env:MOTEHUB_DEMO_DEVICES:-10}",
            description = "Number of simulated devices (MOTEHUB_DEMO_DEVICES). Default: ${DEFAULT-VALUE}")
    int deviceCount;

    @Option(names = "--no-bootstrap",
            description = "Give the demo devices DM credentials and let them register directly, without bootstrap.")
    boolean noBootstrap;

    @Option(names = "--sensor-period", defaultValue = "5",
            description = "Seconds between sensor value changes. Default: ${DEFAULT-VALUE}")
    int sensorPeriodSeconds;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = Main.settings(spec, options);
        if (settings.coapsAddress().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "demo needs --coaps-port");
        }
        if (!noBootstrap && settings.bootstrapCoapsAddress().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "demo needs --bs-coaps-port, or --no-bootstrap");
        }
        if (deviceCount < 1 || deviceCount > 100_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--devices must be 1 to 100000");
        }
        DemoFirmware firmware = DemoFirmware.prepare(settings.dataDir(), settings.firmwareKeysDir());
        MotehubServer server = MotehubServer.create(settings);
        DemoFleet[] fleet = new DemoFleet[1];
        Main.runUntilStopped(() -> {
            server.start();
            Firmware image = firmware.uploadImages(server.firmware());
            fleet[0] = startFleet(server, firmware);
            LOG.info("{}", DemoFirmware.howToTry(server.httpUri(), image));
        }, () -> {
            if (fleet[0] != null) {
                fleet[0].stop(true);
            }
            server.close();
        });
        return 0;
    }

    private DemoFleet startFleet(MotehubServer server, DemoFirmware firmware) {
        byte[] seed = seed(server.settings().dataDir());
        URI uri = noBootstrap ? server.lwm2mUri(Protocol.COAPS) : server.bootstrapUri(Protocol.COAPS).orElseThrow();
        DemoFleet fleet = DemoFleet.builder().serverUri(localUri(uri)).bootstrap(!noBootstrap).devices(deviceCount)
                .pskSeed(seed).sensorPeriod(Duration.ofSeconds(sensorPeriodSeconds)).firmware(firmware.fleetFirmware())
                .build();
        int created = 0;
        for (String endpoint : fleet.endpoints()) {
            if (server.devices().find(endpoint).isEmpty()) {
                NewDevice.CredentialsInput credentials = new NewDevice.CredentialsInput("PSK",
                        fleet.pskIdentity(endpoint).orElseThrow(), HexFormat.of().formatHex(PskKeys.derive(seed,
                                endpoint)));
                server.devices().create(noBootstrap
                        ? new NewDevice(endpoint, "Demo sensor " + endpoint, "demo-sensor", credentials, null)
                        : new NewDevice(endpoint, "Demo sensor " + endpoint, "demo-sensor", null, credentials));
                created++;
            } else if (!noBootstrap && server.bootstrap().info(endpoint).bootstrapIdentity() == null) {
                LOG.warn("Device [{}] was created without bootstrap credentials by an earlier demo; run with "
                        + "--no-bootstrap or a fresh --data-dir", endpoint);
            }
        }
        LOG.info("Demo fleet: {} devices ({} newly provisioned), {}; starting them", deviceCount, created,
                noBootstrap ? "registering with DM credentials" : "bootstrapping at " + uri);
        long start = System.nanoTime();
        fleet.start();
        awaitFleet(fleet, start);
        LOG.info("Open the console at [{}] or try: curl {}api/v1/devices", server.httpUri(), server.httpUri());
        return fleet;
    }

    /** Logs how long the fleet took to register (and bootstrap): the figure behind docs/benchmarks.md. */
    private void awaitFleet(DemoFleet fleet, long startNanos) {
        try {
            boolean all = fleet.awaitRegistered(Duration.ofMinutes(5));
            long ms = Math.max(1, Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
            LOG.info("Demo fleet: {} of {} devices {} in {} ms ({} devices/s)", fleet.registeredCount(),
                    deviceCount, noBootstrap ? "registered" : "bootstrapped and registered", ms,
                    String.format(java.util.Locale.ROOT, "%.1f", fleet.registeredCount() * 1000.0 / ms));
            if (!all) {
                LOG.warn("Demo fleet: not every device registered within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo devices run on this machine: point them at loopback when the server listens on every address. */
    private static URI localUri(URI uri) {
        try {
            if (InetAddress.getByName(uri.getHost()).isAnyLocalAddress()) {
                return URI.create(uri.getScheme() + "://127.0.0.1:" + uri.getPort());
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve the server's own address " + uri, e);
        }
        return uri;
    }

    private static byte[] seed(Path dataDir) {
        Path file = dataDir.resolve("demo-psk-seed.hex");
        try {
            if (!Files.exists(file)) {
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                Files.createDirectories(dataDir);
                Files.writeString(file, HexFormat.of().formatHex(seed));
            }
            return HexFormat.of().parseHex(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the demo PSK seed " + file, e);
        }
    }
}
