// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.LwM2mClient;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnablerFactory;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance 0 of the LwM2M Firmware Update object (5) of a simulated device, following the object's state machine:
 * Idle → Downloading (write /5/0/1 Package URI for pull, or /5/0/0 Package for push) → Downloaded (the image passed
 * its checks, see {@link DemoFirmwareImage}) → Updating (execute /5/0/2) → Idle with Update Result 1, then a reboot;
 * a failed download or check goes back to Idle with its Update Result (4 to 9), a failed update back to Downloaded
 * with Update Result 8. Writing an empty Package URI or Package resets to Idle with Update Result 0. Observers of
 * /5/0/3 and /5/0/5 are notified at every change.
 * <p>
 * Pull downloads run on the {@link FirmwareDownloader} with the device's DM pre-shared key (read from its own
 * Security object unless a supplier is given). Push needs a client CoAP configuration that accepts large bodies
 * ({@link #allowLargePackages(Configuration)}). A {@link FailureMode} makes the device fail at a chosen step.
 * <p>
 * Usable as is in any Leshan client: {@code initializer.setInstancesForObject(5, FirmwareUpdateObject.builder(
 * installed).build())} plus {@code initializer.setFactoryForObject(5, FirmwareUpdateObject.singleInstance())}.
 * Thread-safe; {@link #close()} stops a running download and the object's own executor.
 */
public final class FirmwareUpdateObject extends BaseInstanceEnabler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateObject.class);

    /** Package (write, opaque). */
    public static final int PACKAGE = 0;
    /** Package URI (read/write, string). */
    public static final int PACKAGE_URI = 1;
    /** Update (execute). */
    public static final int UPDATE = 2;
    /** State (read, integer 0..3). */
    public static final int STATE = 3;
    /** Update Result (read, integer 0..9). */
    public static final int UPDATE_RESULT = 5;
    /** PkgName (read, string): the device type of the running firmware. */
    public static final int PKG_NAME = 6;
    /** PkgVersion (read, string): the running firmware version. */
    public static final int PKG_VERSION = 7;
    /** Firmware Update Protocol Support (read, multiple integers): 0 CoAP, 1 CoAPS. */
    public static final int PROTOCOL_SUPPORT = 8;
    /** Firmware Update Delivery Method (read, integer): 2, pull and push. */
    public static final int DELIVERY_METHOD = 9;

    /** Largest package the client accepts by push, and the CoAP body size {@link #allowLargePackages} sets. */
    public static final int MAX_PACKAGE_SIZE = FirmwareDownloader.Settings.DEFAULT_MAX_IMAGE_SIZE;

    private static final long DELIVERY_BOTH = 2;
    private static final Map<Integer, Long> PROTOCOLS = Map.of(0, 0L, 1, 1L);
    private static final List<Integer> RESOURCES = List.of(PACKAGE, PACKAGE_URI, UPDATE, STATE, UPDATE_RESULT,
            PKG_NAME, PKG_VERSION, PROTOCOL_SUPPORT, DELIVERY_METHOD);
    /** Fraction of the package after which {@link FailureMode#DOWNLOAD} breaks a pull off. */
    private static final double DOWNLOAD_FAILURE_FRACTION = 0.5;

    private final String endpoint;
    private final InstalledFirmware installed;
    private final Optional<PublicKey> trustedKey;
    private final FailureMode failure;
    private final Duration updateDelay;
    private final Duration rebootDelay;
    private final Runnable reboot;
    private final Supplier<Optional<PskCredentials>> credentials;
    private final ScheduledExecutorService executor;
    private final boolean ownExecutor;
    private final FirmwareDownloader downloader;

    private UpdateState state = UpdateState.IDLE;
    private UpdateResult result = UpdateResult.INITIAL;
    private String packageUri = "";
    private DemoFirmwareImage downloaded;
    private FirmwareDownloader.Download download;
    /** Incremented by each new download or reset, so that outcomes of an abandoned one are ignored. */
    private long generation;

    private FirmwareUpdateObject(Builder builder) {
        super(0);
        this.endpoint = builder.endpoint;
        this.installed = builder.installed;
        this.trustedKey = Optional.ofNullable(builder.trustedKey);
        this.failure = builder.failure;
        this.updateDelay = builder.updateDelay;
        this.rebootDelay = builder.rebootDelay;
        this.reboot = builder.reboot != null ? builder.reboot : this::restartOwnClient;
        this.credentials = builder.credentials != null ? builder.credentials : this::ownDmCredentials;
        this.ownExecutor = builder.executor == null;
        this.executor = ownExecutor
                ? Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("fw-" + endpoint))
                : builder.executor;
        this.downloader = new FirmwareDownloader(executor, builder.downloadSettings);
    }

    /**
     * Returns a builder for the object of a device running {@code installed}.
     *
     * @param installed the device type and running version, changed by a successful update
     * @return a new builder
     */
    public static Builder builder(InstalledFirmware installed) {
        return new Builder(installed);
    }

    /**
     * Raises Californium's {@link CoapConfig#MAX_RESOURCE_BODY_SIZE} of a client configuration to
     * {@link #MAX_PACKAGE_SIZE} (16 MiB), so that a server can push a package by Block1 to /5/0/0.
     *
     * @param clientConfiguration the configuration of the Leshan client's endpoints
     * @return the same configuration
     */
    public static Configuration allowLargePackages(Configuration clientConfiguration) {
        clientConfiguration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, MAX_PACKAGE_SIZE);
        return clientConfiguration;
    }

    /**
     * Returns the factory to register with {@code ObjectsInitializer.setFactoryForObject} for objects 3 and 5 given
     * as instances: Leshan asks for one when an instance class has no public default constructor. Both objects are
     * single-instance, so Leshan refuses a server's Create before it reaches the factory; it never creates anything.
     *
     * @return a factory that refuses to create instances
     */
    public static LwM2mInstanceEnablerFactory singleInstance() {
        return (model, id, used) -> {
            throw new IllegalStateException("object " + model.id + " has exactly one instance");
        };
    }

    /** Returns the State now. */
    public synchronized UpdateState state() {
        return state;
    }

    /** Returns the Update Result now. */
    public synchronized UpdateResult result() {
        return result;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        switch (resourceId) {
        case PACKAGE_URI:
            return ReadResponse.success(resourceId, packageUri);
        case STATE:
            return ReadResponse.success(resourceId, (long) state.code());
        case UPDATE_RESULT:
            return ReadResponse.success(resourceId, (long) result.code());
        case PKG_NAME:
            return ReadResponse.success(resourceId, installed.deviceType());
        case PKG_VERSION:
            return ReadResponse.success(resourceId, installed.version());
        case PROTOCOL_SUPPORT:
            return ReadResponse.success(resourceId, PROTOCOLS, Type.INTEGER);
        case DELIVERY_METHOD:
            return ReadResponse.success(resourceId, DELIVERY_BOTH);
        default:
            return super.read(server, resourceId);
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        switch (resourceId) {
        case PACKAGE:
            return writePackage((byte[]) value.getValue());
        case PACKAGE_URI:
            return writePackageUri((String) value.getValue());
        default:
            return super.write(server, replace, resourceId, value);
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != UPDATE) {
            return super.execute(server, resourceId, arguments);
        }
        long updating;
        String target;
        synchronized (this) {
            if (state != UpdateState.DOWNLOADED) {
                LOG.info("device [{}] refused Update in state [{}]", endpoint, state);
                return ExecuteResponse.methodNotAllowed();
            }
            state = UpdateState.UPDATING;
            updating = generation;
            target = downloaded.version();
        }
        LOG.info("device [{}] updating firmware [{}] -> [{}]", endpoint, installed.version(), target);
        announce(STATE);
        executor.schedule(() -> applyUpdate(updating), updateDelay.toMillis(), TimeUnit.MILLISECONDS);
        return ExecuteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }

    /**
     * Tells observers that resources changed, from the object's executor. Never from the calling thread: a write or
     * an execute holds Leshan's object lock, and a notification built on that thread would wait for a resource lock
     * that a notification on another thread holds while it waits for the object lock (a deadlock seen in CI).
     */
    private void announce(int... resourceIds) {
        try {
            executor.execute(() -> fireResourcesChange(getResourcePaths(resourceIds)));
        } catch (RejectedExecutionException e) {
            // closed: nobody observes a device that is gone
        }
    }

    /** Stops a running download and, if the object made its own executor, that executor. Idempotent. */
    @Override
    public void close() {
        FirmwareDownloader.Download running;
        synchronized (this) {
            generation++;
            running = download;
            download = null;
        }
        if (running != null) {
            running.cancel();
        }
        if (ownExecutor) {
            executor.shutdownNow();
        }
    }

    private WriteResponse writePackageUri(String uri) {
        if (uri.isEmpty()) {
            return resetToIdle("empty Package URI");
        }
        Optional<PskCredentials> psk = credentials.get();
        synchronized (this) {
            if (state != UpdateState.IDLE) {
                LOG.info("device [{}] refused Package URI in state [{}]", endpoint, state);
                return WriteResponse.methodNotAllowed();
            }
            packageUri = uri;
            Optional<UpdateResult> problem = FirmwareDownloader.check(uri, psk);
            if (problem.isPresent()) {
                result = problem.get();
                LOG.info("device [{}] cannot download [{}]: [{}]", endpoint, uri, result);
            } else {
                state = UpdateState.DOWNLOADING;
                result = UpdateResult.INITIAL;
                downloaded = null;
                long mine = ++generation;
                double abortAt = failure == FailureMode.DOWNLOAD ? DOWNLOAD_FAILURE_FRACTION : Double.NaN;
                download = downloader.start(endpoint, uri, psk, abortAt, new PullListener(mine));
                LOG.info("device [{}] downloading [{}]", endpoint, uri);
            }
        }
        announce(PACKAGE_URI, STATE, UPDATE_RESULT);
        return WriteResponse.success();
    }

    private WriteResponse writePackage(byte[] bytes) {
        if (bytes.length == 0) {
            return resetToIdle("empty Package");
        }
        long mine;
        synchronized (this) {
            if (state != UpdateState.IDLE) {
                LOG.info("device [{}] refused a pushed Package in state [{}]", endpoint, state);
                return WriteResponse.methodNotAllowed();
            }
            state = UpdateState.DOWNLOADING;
            result = UpdateResult.INITIAL;
            downloaded = null;
            mine = ++generation;
        }
        LOG.info("device [{}] received a pushed package of [{}] bytes", endpoint, bytes.length);
        announce(STATE, UPDATE_RESULT);
        // checked after the write is answered, so that observers see Downloading, then the outcome
        executor.execute(() -> {
            if (failure == FailureMode.DOWNLOAD) {
                downloadFailed(mine, UpdateResult.CONNECTION_LOST, "injected failure of the pushed transfer");
            } else {
                checkPackage(mine, bytes);
            }
        });
        return WriteResponse.success();
    }

    private WriteResponse resetToIdle(String why) {
        FirmwareDownloader.Download running;
        synchronized (this) {
            if (state == UpdateState.UPDATING) {
                LOG.info("device [{}] refused reset ({}) while updating", endpoint, why);
                return WriteResponse.methodNotAllowed();
            }
            generation++;
            running = download;
            download = null;
            downloaded = null;
            packageUri = "";
            state = UpdateState.IDLE;
            result = UpdateResult.INITIAL;
        }
        if (running != null) {
            running.cancel();
        }
        LOG.info("device [{}] firmware update reset to Idle: {}", endpoint, why);
        announce(PACKAGE_URI, STATE, UPDATE_RESULT);
        return WriteResponse.success();
    }

    /** Parses and verifies a complete package; moves to Downloaded, or to Idle with Update Result 5 or 6. */
    private void checkPackage(long mine, byte[] bytes) {
        DemoFirmwareImage image;
        try {
            if (failure == FailureMode.INTEGRITY) {
                throw new FirmwareImageException(FirmwareImageException.Reason.INTEGRITY, "injected integrity failure");
            }
            image = DemoFirmwareImage.parse(bytes);
            if (!image.deviceType().equals(installed.deviceType())) {
                throw new FirmwareImageException(FirmwareImageException.Reason.DEVICE_TYPE, "image is for ["
                        + image.deviceType() + "], this device is [" + installed.deviceType() + "]");
            }
            image.verify(trustedKey);
        } catch (FirmwareImageException e) {
            downloadFailed(mine, e.reason().updateResult(), e.getMessage());
            return;
        }
        synchronized (this) {
            if (mine != generation) {
                return;
            }
            state = UpdateState.DOWNLOADED;
            result = UpdateResult.INITIAL;
            downloaded = image;
            download = null;
        }
        LOG.info("device [{}] holds verified firmware [{}] ({} bytes, {})", endpoint, image.version(), image.size(),
                image.signatureType());
        announce(STATE, UPDATE_RESULT);
    }

    private void downloadFailed(long mine, UpdateResult failed, String reason) {
        synchronized (this) {
            if (mine != generation) {
                return;
            }
            state = UpdateState.IDLE;
            result = failed;
            downloaded = null;
            download = null;
        }
        LOG.info("device [{}] firmware download failed: [{}] {}", endpoint, failed, reason);
        announce(STATE, UPDATE_RESULT);
    }

    private void applyUpdate(long updating) {
        DemoFirmwareImage image;
        synchronized (this) {
            if (updating != generation || state != UpdateState.UPDATING) {
                return;
            }
            image = downloaded;
            if (failure == FailureMode.UPDATE) {
                state = UpdateState.DOWNLOADED;
                result = UpdateResult.UPDATE_FAILED;
            } else {
                state = UpdateState.IDLE;
                result = UpdateResult.SUCCESS;
                downloaded = null;
                packageUri = "";
            }
        }
        if (failure == FailureMode.UPDATE) {
            LOG.info("device [{}] firmware update to [{}] failed (injected); still runs [{}]", endpoint,
                    image.version(), installed.version());
            announce(STATE, UPDATE_RESULT);
            return;
        }
        if (failure == FailureMode.ROLLBACK) {
            LOG.info("device [{}] reports firmware [{}] installed but its bootloader rolled back to [{}]", endpoint,
                    image.version(), installed.version());
        } else {
            installed.install(image.version());
            LOG.info("device [{}] flashed firmware [{}]", endpoint, image.version());
        }
        announce(PACKAGE_URI, STATE, UPDATE_RESULT, PKG_VERSION);
        // give the notifications time to leave before the client deregisters
        executor.schedule(this::rebootNow, rebootDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void rebootNow() {
        LOG.info("device [{}] rebooting into firmware [{}]", endpoint, installed.version());
        try {
            reboot.run();
        } catch (RuntimeException e) {
            LOG.error("device [{}] reboot failed", endpoint, e);
        }
    }

    private void restartOwnClient() {
        LwM2mClient client = getLwM2mClient();
        if (client == null) {
            LOG.warn("device [{}] has no client to restart", endpoint);
            return;
        }
        client.stop(true);
        client.start();
    }

    private Optional<PskCredentials> ownDmCredentials() {
        LwM2mClient client = getLwM2mClient();
        return client == null ? Optional.empty() : PskCredentials.fromSecurityObject(client);
    }

    /** Receives the outcome of one pull download. */
    private final class PullListener implements FirmwareDownloader.Listener {
        private final long mine;
        private long lastLoggedPercent = -1;

        PullListener(long mine) {
            this.mine = mine;
        }

        @Override
        public void progress(long received, long total) {
            // progress does not change the State: it stays Downloading
            if (total > 0 && LOG.isDebugEnabled()) {
                long percent = received * 100 / total;
                if (percent / 10 != lastLoggedPercent / 10) {
                    lastLoggedPercent = percent;
                    LOG.debug("device [{}] downloaded [{}] of [{}] bytes", endpoint, received, total);
                }
            }
        }

        @Override
        public void completed(byte[] image) {
            checkPackage(mine, image);
        }

        @Override
        public void failed(UpdateResult failed, String reason) {
            downloadFailed(mine, failed, reason);
        }
    }

    /**
     * Settings of a {@link FirmwareUpdateObject}; every setter returns this builder and names its default.
     */
    public static final class Builder {

        private final InstalledFirmware installed;
        private String endpoint = "device";
        private PublicKey trustedKey;
        private FailureMode failure = FailureMode.NONE;
        private Duration updateDelay = Duration.ofSeconds(1);
        private Duration rebootDelay = Duration.ofMillis(500);
        private Runnable reboot;
        private Supplier<Optional<PskCredentials>> credentials;
        private ScheduledExecutorService executor;
        private FirmwareDownloader.Settings downloadSettings = FirmwareDownloader.Settings.defaults();

        private Builder(InstalledFirmware installed) {
            this.installed = Objects.requireNonNull(installed, "installed");
        }

        /**
         * Sets the endpoint name used in log lines and thread names. Default {@code device}.
         *
         * @param endpoint the device's endpoint name
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the public key whose signature an image must carry. Default none: only the SHA-256 is checked.
         *
         * @param trustedKey an Ed25519 or P-256 public key
         * @return this builder
         */
        public Builder trustedKey(PublicKey trustedKey) {
            FirmwareKeys.algorithmOf(Objects.requireNonNull(trustedKey, "trustedKey"));
            this.trustedKey = trustedKey;
            return this;
        }

        /**
         * Sets where the device fails on purpose. Default {@link FailureMode#NONE}.
         *
         * @param failure the failure mode
         * @return this builder
         */
        public Builder failure(FailureMode failure) {
            this.failure = Objects.requireNonNull(failure, "failure");
            return this;
        }

        /**
         * Sets how long "flashing" takes, between Execute Update and the outcome. Default 1 s.
         *
         * @param updateDelay the delay, at least 0
         * @return this builder
         */
        public Builder updateDelay(Duration updateDelay) {
            this.updateDelay = nonNegative(updateDelay, "updateDelay");
            return this;
        }

        /**
         * Sets the wait between reporting success and rebooting, so the notifications of State and Update Result
         * reach the server before the client deregisters. Default 500 ms.
         *
         * @param rebootDelay the delay, at least 0
         * @return this builder
         */
        public Builder rebootDelay(Duration rebootDelay) {
            this.rebootDelay = nonNegative(rebootDelay, "rebootDelay");
            return this;
        }

        /**
         * Sets what a reboot does; run on the object's executor, it may block. Default: stop the Leshan client this
         * object belongs to (deregistering) and start it again (a new registration).
         *
         * @param reboot the reboot action
         * @return this builder
         */
        public Builder reboot(Runnable reboot) {
            this.reboot = Objects.requireNonNull(reboot, "reboot");
            return this;
        }

        /**
         * Sets where the DM pre-shared key for coaps downloads comes from, asked at each Package URI write. Default:
         * {@link PskCredentials#fromSecurityObject} of the client this object belongs to.
         *
         * @param credentials the supplier
         * @return this builder
         */
        public Builder credentials(Supplier<Optional<PskCredentials>> credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Sets the executor of downloads (endpoints, DTLS connectors, retries), checks, updates and reboots; shared
         * by many devices and never shut down by the object. Default: a single thread of the object's own, ended by
         * {@link FirmwareUpdateObject#close()}.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets how pull downloads behave. Default {@link FirmwareDownloader.Settings#defaults()}.
         *
         * @param downloadSettings the settings
         * @return this builder
         */
        public Builder downloadSettings(FirmwareDownloader.Settings downloadSettings) {
            this.downloadSettings = Objects.requireNonNull(downloadSettings, "downloadSettings");
            return this;
        }

        /**
         * Creates the object.
         *
         * @return a new object, instance 0
         */
        public FirmwareUpdateObject build() {
            return new FirmwareUpdateObject(this);
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative but was [" + value + "]");
            }
            return value;
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        synchronized (this) {
            parts.add("state=" + state);
            parts.add("result=" + result);
        }
        parts.add("version=" + installed.version());
        return "FirmwareUpdateObject[" + endpoint + ", " + String.join(", ", parts) + "]";
    }
}
