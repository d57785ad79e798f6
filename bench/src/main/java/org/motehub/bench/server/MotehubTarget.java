// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.server.LeshanServer;
import org.motehub.bench.device.DeviceKeys;
import org.motehub.model.device.NewDevice;
import org.motehub.server.app.MotehubServer;
import org.motehub.server.app.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Motehub as its application wires it ({@link MotehubServer}), on loopback, CoAPS only, with the simulated fleet
 * created in its device registry (each device with its own PSK) before it starts.
 */
public final class MotehubTarget implements BenchTarget {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubTarget.class);
    /** The device type of every simulated device, which the firmware scenario's image fits. */
    public static final String DEVICE_TYPE = "bench-device";

    private final MotehubServer server;
    private final long provisionMillis;

    private MotehubTarget(MotehubServer server, long provisionMillis) {
        this.server = server;
        this.provisionMillis = provisionMillis;
    }

    /**
     * Opens (or creates) the store in {@code dataDir}, adds the devices missing from the registry, and starts.
     *
     * @param coapsPort the CoAPS port, 0 for any
     * @param httpPort the HTTP port, 0 for any
     */
    static MotehubTarget start(Path dataDir, int coapsPort, int httpPort, DeviceKeys keys, int devices) {
        ServerSettings settings = ServerSettings.builder().dataDir(dataDir).httpHost("127.0.0.1").httpPort(httpPort)
                .coapHost("127.0.0.1").coapPort(-1).coapsPort(coapsPort)
                // the fleet is provisioned with DM keys: no bootstrap server, whose fixed ports may be taken
                .bootstrapCoapPort(-1).bootstrapCoapsPort(-1).build();
        MotehubServer server = MotehubServer.create(settings);
        long t0 = System.nanoTime();
        int created = 0;
        for (int i = 0; i < devices; i++) {
            String endpoint = keys.endpoint(i);
            if (server.devices().find(endpoint).isEmpty()) {
                server.devices().create(new NewDevice(endpoint, null, DEVICE_TYPE,
                        new NewDevice.CredentialsInput("PSK", keys.identity(endpoint), keys.keyHex(endpoint)), null));
                created++;
            }
        }
        long provisionMillis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("Provisioned [{}] devices ({} new) in {} ms", devices, created, provisionMillis);
        server.start();
        return new MotehubTarget(server, provisionMillis);
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("coaps", server.lwm2mUri(Protocol.COAPS).toString());
        facts.put("http", server.httpUri().toString());
        facts.put("provisionMs", Long.toString(provisionMillis));
        return facts;
    }

    @Override
    public LeshanServer lwm2m() {
        return server.lwm2m();
    }

    @Override
    public void close() {
        server.close();
    }
}
