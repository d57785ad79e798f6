// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.DaemonThreadFactory;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator: N {@link SimulatedDevice}s in one JVM. As in Californium's extended plugtest benchmark client,
 * each device owns only its socket, its DTLS connector (one receiver thread) and its CoAP endpoint; all protocol
 * work and timers run on two executors shared by the whole fleet, sized to the machine.
 * <p>
 * Once a device has registered, {@link #keepAlive} makes it send a registration Update every 80 % of its lifetime,
 * as a LwM2M client does, the first one at a random point of that period so that the fleet's updates are spread
 * evenly; every Update's latency goes to {@link #updates()}.
 */
public final class DeviceFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceFleet.class);
    private static final int STARTER_THREADS = 4;

    private final List<SimulatedDevice> devices;
    private final ScheduledExecutorService mainExecutor;
    private final ScheduledExecutorService secondaryExecutor;
    private final ScheduledExecutorService firmwareExecutor;
    private final FirmwareStats firmware;
    private final LatencyRecorder updates = new LatencyRecorder();
    private final LatencyRecorder reRegistrations = new LatencyRecorder();
    private volatile boolean keepingAlive = true;
    private final Map<SimulatedDevice, ScheduledFuture<?>> keepAlives = new ConcurrentHashMap<>();

    private DeviceFleet(List<SimulatedDevice> devices, ScheduledExecutorService mainExecutor,
            ScheduledExecutorService secondaryExecutor, ScheduledExecutorService firmwareExecutor,
            FirmwareStats firmware) {
        this.devices = devices;
        this.mainExecutor = mainExecutor;
        this.secondaryExecutor = secondaryExecutor;
        this.firmwareExecutor = firmwareExecutor;
        this.firmware = firmware;
    }

    /**
     * Creates and starts {@code count} devices, each bound to its own loopback port.
     *
     * @param keys names and keys of the fleet
     * @param first index of the first device
     * @param count number of devices
     * @param deadlineMillis how long a device waits for the answer to one of its requests
     * @throws IOException if a device cannot bind its socket (then the devices already started are destroyed)
     * @throws NullPointerException if {@code keys} is null
     */
    public static DeviceFleet start(DeviceKeys keys, int first, int count, long deadlineMillis) throws IOException {
        Objects.requireNonNull(keys, "keys");
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ScheduledExecutorService main = ExecutorsUtil.newScheduledThreadPool(threads,
                new DaemonThreadFactory("Device#"));
        ScheduledExecutorService secondary = ExecutorsUtil.newDefaultSecondaryScheduler("DeviceTimer#");
        Configuration configuration = GeneratorConfiguration.create();
        // firmware downloads run their own DTLS endpoints (one per download, as the demo device does) on this pool
        ScheduledExecutorService firmwareExecutor = ExecutorsUtil.newScheduledThreadPool(threads,
                new DaemonThreadFactory("Firmware#"));
        FirmwareDownloader downloader = new FirmwareDownloader(firmwareExecutor,
                FirmwareDownloader.Settings.defaults());
        FirmwareStats firmware = new FirmwareStats();
        SimulatedDevice[] created = new SimulatedDevice[count];
        long start = System.nanoTime();
        // creating a device is mostly system calls (socket, thread): a few threads make it several times faster
        ExecutorService starters = Executors.newFixedThreadPool(STARTER_THREADS);
        try {
            List<Future<?>> chunks = new ArrayList<>();
            for (int t = 0; t < STARTER_THREADS; t++) {
                int from = t;
                chunks.add(starters.submit(() -> {
                    for (int i = from; i < count; i += STARTER_THREADS) {
                        String endpoint = keys.endpoint(first + i);
                        created[i] = new SimulatedDevice(endpoint, keys.identity(endpoint), keys.key(endpoint),
                                configuration, main, secondary, deadlineMillis, downloader, firmware);
                        created[i].start();
                    }
                    return null;
                }));
            }
            for (Future<?> chunk : chunks) {
                chunk.get();
            }
        } catch (ExecutionException e) {
            destroyAll(created);
            shutdown(main, secondary, firmwareExecutor);
            throw e.getCause() instanceof IOException io ? io : new IOException("cannot start the fleet", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyAll(created);
            shutdown(main, secondary, firmwareExecutor);
            throw new IOException("interrupted while starting the fleet", e);
        } finally {
            starters.shutdownNow();
        }
        DeviceFleet fleet = new DeviceFleet(List.of(created), main, secondary, firmwareExecutor, firmware);
        LOG.info("Started [{}] simulated devices in {} ms ({} shared protocol threads)", count,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), threads);
        return fleet;
    }

    /** @return the devices, in index order. */
    public List<SimulatedDevice> devices() {
        return devices;
    }

    /** @return what the devices' firmware downloads did. */
    public FirmwareStats firmware() {
        return firmware;
    }

    /** @return the latencies of every registration Update sent by {@link #keepAlive}. */
    public LatencyRecorder updates() {
        return updates;
    }

    /** @return the latencies of the Registers sent again after an Update failed. */
    public LatencyRecorder reRegistrations() {
        return reRegistrations;
    }

    /** @return the fleet's timer, for scenarios that pace traffic. */
    public ScheduledExecutorService scheduler() {
        return secondaryExecutor;
    }

    /**
     * Makes {@code device} update its registration every 80 % of {@code lifetimeSeconds} from now on and, as a LwM2M
     * client does, register again when an Update fails (no answer, or the server forgot the registration).
     */
    public void keepAlive(SimulatedDevice device, int lifetimeSeconds) {
        keepingAlive = true;
        long period = lifetimeSeconds * 800L;
        // a fleet in steady state registered at scattered times: spread the first update over one period
        long first = 1 + ThreadLocalRandom.current().nextLong(period);
        ScheduledFuture<?> task = secondaryExecutor.scheduleAtFixedRate(() -> {
            long t0 = System.nanoTime();
            device.update().whenComplete((ok, error) -> {
                if (error == null) {
                    updates.successSince(t0);
                } else {
                    updates.failureNow();
                    LOG.debug("Update of [{}] failed, registering again: {}", device, error.getMessage());
                    reRegister(device, lifetimeSeconds);
                }
            });
        }, first, period, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = keepAlives.put(device, task);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void reRegister(SimulatedDevice device, int lifetimeSeconds) {
        if (!keepingAlive) {
            return; // the run is deregistering the fleet: an Update that failed meanwhile must not undo that
        }
        long t0 = System.nanoTime();
        device.registerAgain(lifetimeSeconds).whenComplete((ok, error) -> {
            if (error == null) {
                reRegistrations.successSince(t0);
            } else {
                reRegistrations.failureNow();
            }
        });
    }

    /** Stops the periodic updates of every device, and the registering again after a failed one. */
    public void stopKeepAlives() {
        keepingAlive = false;
        keepAlives.values().forEach(f -> f.cancel(false));
        keepAlives.clear();
    }

    /** Destroys every device and stops the shared executors. */
    @Override
    public void close() {
        stopKeepAlives();
        destroyAll(devices.toArray(new SimulatedDevice[0]));
        shutdown(mainExecutor, secondaryExecutor, firmwareExecutor);
    }

    private static void destroyAll(SimulatedDevice[] devices) {
        for (SimulatedDevice d : devices) {
            if (d == null) {
                continue;
            }
            try {
                d.destroy();
            } catch (RuntimeException e) {
                LOG.debug("Destroying [{}] failed", d, e);
            }
        }
    }

    private static void shutdown(ScheduledExecutorService... executors) {
        for (ScheduledExecutorService executor : executors) {
            executor.shutdownNow();
        }
    }
}
