// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread pools that every device of a fleet shares, so that thousands of simulated devices fit in one JVM.
 * <ul>
 * <li>{@link #leshan()}: Leshan's registration engines and notification managers. Leshan sends register, update and
 * deregister requests synchronously, so each request in flight blocks one of these threads.</li>
 * <li>{@link #protocol()}: Californium's CoAP stacks and Scandium's DTLS connectors. Kept apart from
 * {@link #leshan()} because the blocked registration threads wait for responses that these threads process.</li>
 * <li>{@link #sensors()}: the sensor ticks and battery drain.</li>
 * <li>{@link #firmware()}: firmware downloads (their CoAP endpoints and DTLS connectors), image checks, updates.</li>
 * </ul>
 */
final class FleetExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(FleetExecutors.class);

    /** Upper bound of registration requests in flight at once. */
    private static final int MAX_LESHAN_THREADS = 16;
    private static final int SENSOR_THREADS = 2;
    private static final long TERMINATION_TIMEOUT_SECONDS = 5;

    private final ScheduledExecutorService leshan;
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService sensors;
    private final ScheduledExecutorService firmware;

    private FleetExecutors(int leshanThreads, int protocolThreads, int sensorThreads) {
        this.leshan = newPool(leshanThreads, "demo-fleet-leshan-%d");
        this.protocol = newPool(protocolThreads, "demo-fleet-coap-%d");
        this.sensors = newPool(sensorThreads, "demo-fleet-sensor-%d");
        // downloads are CPU work (DTLS, SHA-256, signatures) like the protocol pool: one thread per core
        this.firmware = newPool(protocolThreads, "demo-fleet-fw-%d");
    }

    /**
     * Creates pools sized for a fleet: up to 16 Leshan threads, one CoAP thread per core (at least 2), 2 sensor
     * threads, one firmware thread per core (at least 2). Threads are created lazily, on first use.
     *
     * @param devices the number of devices in the fleet
     * @return new executors
     */
    static FleetExecutors forDevices(int devices) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new FleetExecutors(Math.max(2, Math.min(devices, MAX_LESHAN_THREADS)), Math.max(2, cores),
                SENSOR_THREADS);
    }

    /** Returns the executor given to each {@code LeshanClientBuilder.setSharedExecutor}. */
    ScheduledExecutorService leshan() {
        return leshan;
    }

    /** Returns the executor of every Californium {@code CoapServer} and Scandium {@code DTLSConnector}. */
    ScheduledExecutorService protocol() {
        return protocol;
    }

    /** Returns the executor of the sensor ticks. */
    ScheduledExecutorService sensors() {
        return sensors;
    }

    /** Returns the executor of firmware downloads, image checks and updates. */
    ScheduledExecutorService firmware() {
        return firmware;
    }

    /** Stops all pools and waits a few seconds for their threads to end. */
    void shutdown() {
        List<ScheduledExecutorService> all = List.of(sensors, firmware, leshan, protocol);
        all.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService executor : all) {
            try {
                if (!executor.awaitTermination(TERMINATION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("fleet executor [{}] did not terminate within [{}] s", executor,
                            TERMINATION_TIMEOUT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ScheduledExecutorService newPool(int threads, String nameFormat) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads,
                new NamedThreadFactory(nameFormat));
        // devices cancel their ticks on stop: do not keep thousands of cancelled tasks queued
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
