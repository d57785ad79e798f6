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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code motehub demo}: the server plus a small simulated fleet, each device created in the registry with its own
 * PSK (derived from a random seed kept in the data folder) and registering over DTLS, as a newcomer's first look.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the server with a simulated fleet of LwM2M devices over DTLS-PSK.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", defaultValue = "${env:MOTEHUB_DEMO_DEVICES:-10}",
            description = "Number of simulated devices (MOTEHUB_DEMO_DEVICES). Default: ${DEFAULT-VALUE}")
    int deviceCount;

    @Option(names = "--sensor-period", defaultValue = "5",
            description = "Seconds between sensor value changes. Default: ${DEFAULT-VALUE}")
    int sensorPeriodSeconds;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = Main.settings(spec, options);
        if (settings.coapsAddress().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "demo needs --coaps-port");
        }
        if (deviceCount < 1 || deviceCount > 100_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--devices must be 1 to 100000");
        }
        MotehubServer server = MotehubServer.create(settings);
        DemoFleet[] fleet = new DemoFleet[1];
        Main.runUntilStopped(() -> {
            server.start();
            fleet[0] = startFleet(server);
        }, () -> {
            if (fleet[0] != null) {
                fleet[0].stop(true);
            }
            server.close();
        });
        return 0;
    }

    private DemoFleet startFleet(MotehubServer server) {
        byte[] seed = seed(server.settings().dataDir());
        DemoFleet fleet = DemoFleet.builder().serverUri(localUri(server.lwm2mUri(Protocol.COAPS)))
                .devices(deviceCount).pskSeed(seed).sensorPeriod(Duration.ofSeconds(sensorPeriodSeconds)).build();
        int created = 0;
        for (String endpoint : fleet.endpoints()) {
            if (server.devices().find(endpoint).isEmpty()) {
                String key = HexFormat.of().formatHex(PskKeys.derive(seed, endpoint));
                server.devices().create(new NewDevice(endpoint, "Demo sensor " + endpoint,
                        new NewDevice.CredentialsInput("PSK", fleet.pskIdentity(endpoint).orElseThrow(), key)));
                created++;
            }
        }
        LOG.info("Demo fleet: {} devices ({} newly provisioned); starting them", deviceCount, created);
        fleet.start();
        LOG.info("Open the console at [{}] or try: curl {}api/v1/devices", server.httpUri(), server.httpUri());
        return fleet;
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
