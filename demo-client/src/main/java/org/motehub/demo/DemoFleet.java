// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated LwM2M devices (Leshan clients) registered at one LwM2M server, to demonstrate and load-test a
 * server with realistic devices: each exposes Device (3), Temperature (3303) and Humidity (3304) objects whose values
 * change and notify observers, and a Firmware Update object (5) that downloads, verifies and "flashes" demo images
 * ({@link FleetFirmware}).
 * <p>
 * <b>Threads.</b> So that a few hundred or thousands of devices fit in one JVM, all devices share three pools: one
 * given to Leshan ({@code LeshanClientBuilder.setSharedExecutor}) for registration and notifications, one for
 * Californium's CoAP stacks and Scandium's DTLS connectors, and one for the sensor ticks. What cannot be shared is the
 * socket receiver thread of each device (one for CoAPS, a receiver and a sender for plain CoAP); so count about one
 * thread per device. {@link #stop(boolean)} shuts every pool down.
 * <p>
 * <b>Lifecycle.</b> Built by {@link #builder()}, started once by {@link #start()}, stopped for good by
 * {@link #stop(boolean)} or {@link #close()}. Thread-safe.
 */
public final class DemoFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

    /** Most devices destroyed (and deregistered) in parallel by {@link #stop(boolean)}. */
    private static final int MAX_STOP_THREADS = 16;
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private enum State {
        NEW, STARTED, STOPPED
    }

    private final List<String> endpoints;
    private final Set<String> endpointSet;
    private final String endpointPrefix;
    private final FleetCredentials credentials;
    private final Duration lifetime;
    private final Duration sensorPeriod;
    private final boolean queueMode;
    private final boolean bootstrap;
    private final FleetFirmware firmware;
    private final RegistrationTracker tracker = new RegistrationTracker();

    private State state = State.NEW;
    private FleetExecutors executors;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    private DemoFleet(Builder builder, FleetCredentials credentials) {
        this.endpointPrefix = builder.endpointPrefix;
        this.credentials = credentials;
        this.lifetime = builder.lifetime;
        this.sensorPeriod = builder.sensorPeriod;
        this.queueMode = builder.queueMode;
        this.bootstrap = builder.bootstrap;
        this.firmware = builder.firmware;
        List<String> names = new ArrayList<>(builder.devices);
        for (int i = 0; i < builder.devices; i++) {
            names.add(name(endpointPrefix, builder.startIndex + i));
        }
        this.endpoints = List.copyOf(names);
        this.endpointSet = Set.copyOf(names);
    }

    /**
     * Returns a builder with the defaults documented on its setters.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the server URI the devices register at, with the default port filled in. */
    public URI serverUri() {
        return credentials.serverUri();
    }

    /** Returns the endpoint names of the devices, in order ({@code demo-0001}, {@code demo-0002}, ...). */
    public List<String> endpoints() {
        return endpoints;
    }

    /**
     * Returns the PSK identity a device uses.
     *
     * @param endpoint one of {@link #endpoints()}
     * @return the identity, or empty if the server URI is {@code coap://} (no security)
     * @throws IllegalArgumentException if {@code endpoint} is not a device of this fleet
     */
    public Optional<String> pskIdentity(String endpoint) {
        return credentials.identity(suffixOf(endpoint));
    }

    /**
     * Returns the pre-shared key a device uses: the fleet key, or the key derived from the seed by
     * {@link PskKeys#derive(byte[], String)}.
     *
     * @param endpoint one of {@link #endpoints()}
     * @return a copy of the key, or empty if the server URI is {@code coap://} (no security)
     * @throws IllegalArgumentException if {@code endpoint} is not a device of this fleet
     */
    public Optional<byte[]> pskKey(String endpoint) {
        suffixOf(endpoint);
        return credentials.key(endpoint);
    }

    /**
     * Creates and starts every device, then returns; devices register in the background. Use
     * {@link #awaitRegistered(Duration)} to wait for them.
     *
     * @throws IllegalStateException if the fleet was already started or stopped
     * @throws RuntimeException if a device cannot start (for example no free socket); the fleet is then stopped
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("fleet is already " + state.name().toLowerCase(Locale.ROOT));
        }
        state = State.STARTED;
        executors = FleetExecutors.forDevices(endpoints.size());
        FleetContext context = FleetContext.create(credentials.isSecure(), lifetime, sensorPeriod, queueMode,
                executors, tracker, bootstrap, firmware);
        long startNanos = System.nanoTime();
        for (int index = 0; index < endpoints.size(); index++) {
            String endpoint = endpoints.get(index);
            try {
                SimulatedDevice device = new SimulatedDevice(endpoint, security(endpoint), context, index);
                devices.add(device);
                device.start();
            } catch (RuntimeException e) {
                LOG.error("device [{}] could not start; stopping the fleet", endpoint, e);
                stop(false);
                throw e;
            }
        }
        LOG.info("fleet of [{}] devices [{}..{}] started against [{}] in [{}] ms", endpoints.size(),
                endpoints.get(0), endpoints.get(endpoints.size() - 1), credentials.serverUri(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /**
     * Waits until all devices are registered at the same time.
     *
     * @param timeout how long to wait at most
     * @return true if all are registered, false on timeout or if the fleet is stopped meanwhile
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return tracker.awaitRegistered(endpoints.size(), timeout);
    }

    /** Returns how many devices are registered now (0 before {@link #start()} and after a stop). */
    public int registeredCount() {
        return tracker.registeredCount();
    }

    /**
     * Stops every device and shuts the shared pools down; the fleet cannot be started again. Idempotent. Devices are
     * destroyed in parallel (up to 16 at a time), each waiting at most 1 s for its deregistration to be answered.
     *
     * @param deregister true to deregister each device first, false to just go silent (the server then sees the
     *        registrations expire)
     */
    public synchronized void stop(boolean deregister) {
        if (state == State.STOPPED) {
            return;
        }
        boolean started = state == State.STARTED;
        state = State.STOPPED;
        if (!started) {
            tracker.close();
            return;
        }
        long startNanos = System.nanoTime();
        destroyAll(deregister);
        devices.clear();
        executors.shutdown();
        tracker.close();
        LOG.info("fleet of [{}] devices stopped [deregister={}] in [{}] ms", endpoints.size(), deregister,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Same as {@code stop(true)}: deregisters every device, then releases all threads and sockets. */
    @Override
    public void close() {
        stop(true);
    }

    private void destroyAll(boolean deregister) {
        if (devices.isEmpty()) {
            return;
        }
        // a pool of its own: the shared Leshan pool may be busy with registrations that wait for a dead server
        ExecutorService stopper = Executors.newFixedThreadPool(Math.min(devices.size(), MAX_STOP_THREADS),
                new NamedThreadFactory("demo-fleet-stop-%d"));
        for (SimulatedDevice device : devices) {
            stopper.execute(() -> {
                try {
                    device.destroy(deregister);
                } catch (RuntimeException e) {
                    LOG.warn("device [{}] did not stop cleanly", device.endpoint(), e);
                }
            });
        }
        stopper.shutdown();
        try {
            if (!stopper.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("fleet devices still stopping after [{}]; giving up on them", STOP_TIMEOUT);
                stopper.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopper.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Security security(String endpoint) {
        if (bootstrap) {
            return Security.pskBootstrap(credentials.serverUri().toString(), credentials.identity(suffixOf(endpoint))
                    .orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8), credentials.key(endpoint)
                            .orElseThrow());
        }
        return credentials.security(endpoint, suffixOf(endpoint), SimulatedDevice.SHORT_SERVER_ID);
    }

    private String suffixOf(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpointSet.contains(endpoint)) {
            throw new IllegalArgumentException("[" + endpoint + "] is not a device of this fleet");
        }
        return endpoint.substring(endpointPrefix.length());
    }

    private static String name(String prefix, int index) {
        return String.format(Locale.ROOT, "%s%04d", prefix, index);
    }

    /**
     * Settings of a {@link DemoFleet}; every setter returns this builder and names its default.
     */
    public static final class Builder {

        private URI serverUri;
        private int devices = 10;
        private String endpointPrefix = "demo-";
        private String pskIdentityPrefix;
        private byte[] pskKey;
        private byte[] pskSeed;
        private Duration lifetime = Duration.ofSeconds(300);
        private Duration sensorPeriod = Duration.ofSeconds(5);
        private boolean queueMode;
        private boolean bootstrap;
        private int startIndex = 1;
        private FleetFirmware firmware = FleetFirmware.defaults();

        private Builder() {
        }

        /**
         * Sets the firmware settings: device type, initial version, trusted key, failure injection. Default
         * {@link FleetFirmware#defaults()}.
         *
         * @param firmware the settings
         * @return this builder
         * @throws NullPointerException if {@code firmware} is null
         */
        public Builder firmware(FleetFirmware firmware) {
            this.firmware = Objects.requireNonNull(firmware, "firmware");
            return this;
        }

        /**
         * Sets the LwM2M server URI. Required, no default. {@code coaps://host[:port]} means DTLS with a pre-shared
         * key (port 5684 if left out); {@code coap://host[:port]} means no security (port 5683 if left out).
         *
         * @param serverUri the server URI
         * @return this builder
         * @throws NullPointerException if {@code serverUri} is null
         */
        public Builder serverUri(URI serverUri) {
            this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
            return this;
        }

        /**
         * Sets the number of devices. Default 10; at least 1.
         *
         * @param devices the number of devices
         * @return this builder
         */
        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        /**
         * Sets the endpoint name prefix. Default {@code demo-}: devices are {@code demo-0001}, {@code demo-0002}, ...
         * (the index zero-padded to at least 4 digits).
         *
         * @param endpointPrefix the prefix, may be empty
         * @return this builder
         * @throws NullPointerException if {@code endpointPrefix} is null
         */
        public Builder endpointPrefix(String endpointPrefix) {
            this.endpointPrefix = Objects.requireNonNull(endpointPrefix, "endpointPrefix");
            return this;
        }

        /**
         * Sets the PSK identity prefix; a device's identity is this prefix plus the same index as its endpoint.
         * Default: the endpoint prefix, so that identity and endpoint are equal.
         *
         * @param pskIdentityPrefix the prefix, may be empty
         * @return this builder
         * @throws NullPointerException if {@code pskIdentityPrefix} is null
         */
        public Builder pskIdentityPrefix(String pskIdentityPrefix) {
            this.pskIdentityPrefix = Objects.requireNonNull(pskIdentityPrefix, "pskIdentityPrefix");
            return this;
        }

        /**
         * Sets one pre-shared key for all devices. No default; a {@code coaps://} server needs exactly one of this
         * or {@link #pskSeed(byte[])}.
         *
         * @param pskKey the key, not empty; copied
         * @return this builder
         * @throws NullPointerException if {@code pskKey} is null
         */
        public Builder pskKey(byte[] pskKey) {
            this.pskKey = Objects.requireNonNull(pskKey, "pskKey").clone();
            return this;
        }

        /**
         * Sets a seed from which each device's key is derived with {@link PskKeys#derive(byte[], String)}. No
         * default; a {@code coaps://} server needs exactly one of this or {@link #pskKey(byte[])}.
         *
         * @param pskSeed the seed, not empty; copied
         * @return this builder
         * @throws NullPointerException if {@code pskSeed} is null
         */
        public Builder pskSeed(byte[] pskSeed) {
            this.pskSeed = Objects.requireNonNull(pskSeed, "pskSeed").clone();
            return this;
        }

        /**
         * Sets the registration lifetime. Default 300 s; whole seconds, at least 1 s.
         *
         * @param lifetime the lifetime
         * @return this builder
         * @throws NullPointerException if {@code lifetime} is null
         */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /**
         * Sets how often the temperature and humidity change (and observers get notified). Default 5 s; at least
         * 1 ms.
         *
         * @param sensorPeriod the period
         * @return this builder
         * @throws NullPointerException if {@code sensorPeriod} is null
         */
        public Builder sensorPeriod(Duration sensorPeriod) {
            this.sensorPeriod = Objects.requireNonNull(sensorPeriod, "sensorPeriod");
            return this;
        }

        /**
         * Sets whether devices register in queue mode (the LwM2M 1.1 {@code Q} register parameter, binding "UQ" in
         * LwM2M 1.0 terms). Default false.
         *
         * @param queueMode true for queue mode
         * @return this builder
         */
        public Builder queueMode(boolean queueMode) {
            this.queueMode = queueMode;
            return this;
        }

        /**
         * Makes the devices factory-fresh: the server URI is the bootstrap server's, the PSK settings are the
         * bootstrap credentials, and each device gets its DM server and credentials by bootstrap. Default false: the
         * server URI is the DM server's. Needs a {@code coaps://} server URI.
         *
         * @param bootstrap whether the devices bootstrap
         * @return this builder
         */
        public Builder bootstrap(boolean bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }

        /**
         * Sets the index of the first device. Default 1 ({@code demo-0001}); at least 0. Lets several fleets share a
         * server without name clashes.
         *
         * @param startIndex the first index
         * @return this builder
         */
        public Builder startIndex(int startIndex) {
            this.startIndex = startIndex;
            return this;
        }

        /**
         * Checks the settings and creates the fleet (nothing is started).
         *
         * @return a new fleet
         * @throws IllegalStateException if serverUri is missing, or the PSK settings do not fit the URI scheme
         * @throws IllegalArgumentException if a value is out of range; the message names the setting
         */
        public DemoFleet build() {
            if (serverUri == null) {
                throw new IllegalStateException("serverUri is required");
            }
            if (devices < 1) {
                throw new IllegalArgumentException("devices must be at least 1 but was [" + devices + "]");
            }
            if (startIndex < 0) {
                throw new IllegalArgumentException("startIndex must be at least 0 but was [" + startIndex + "]");
            }
            if ((long) startIndex + devices - 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("startIndex [" + startIndex + "] + devices [" + devices
                        + "] goes past " + Integer.MAX_VALUE);
            }
            if (lifetime.toSeconds() < 1 || lifetime.toNanosPart() != 0) {
                throw new IllegalArgumentException("lifetime must be whole seconds, at least 1 s, but was ["
                        + lifetime + "]");
            }
            if (sensorPeriod.toMillis() < 1) {
                throw new IllegalArgumentException("sensorPeriod must be at least 1 ms but was [" + sensorPeriod + "]");
            }
            if (bootstrap && !"coaps".equals(serverUri.getScheme())) {
                throw new IllegalStateException("a bootstrapping fleet needs a coaps:// bootstrap server URI, got ["
                        + serverUri + "]");
            }
            FleetCredentials credentials = FleetCredentials.of(serverUri, Optional.ofNullable(pskIdentityPrefix),
                    endpointPrefix, Optional.ofNullable(pskKey), Optional.ofNullable(pskSeed));
            return new DemoFleet(this, credentials);
        }
    }
}
