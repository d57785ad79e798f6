// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FailureRate;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.motehub.demo.firmware.FirmwareKeys;
import org.motehub.demo.firmware.FirmwareUpdateObject;
import org.motehub.demo.firmware.InstalledFirmware;

/**
 * Firmware settings of a {@link DemoFleet}: the devices' type and initial version, the key their images must be signed
 * with, and which devices fail an update on purpose ({@link FailureRate} picks exactly {@code floor(N*R)} of N
 * devices, by index). Builds each device's Firmware Update object (5). Immutable.
 */
public final class FleetFirmware {

    private final String deviceType;
    private final String initialVersion;
    private final Optional<PublicKey> trustedKey;
    private final FailureMode failAt;
    private final FailureRate failRate;
    private final Duration updateDelay;
    private final FirmwareDownloader.Settings downloadSettings;

    private FleetFirmware(Builder builder) {
        this.deviceType = builder.deviceType;
        this.initialVersion = builder.initialVersion;
        this.trustedKey = Optional.ofNullable(builder.trustedKey);
        this.failAt = builder.failAt;
        this.failRate = builder.failRate;
        this.updateDelay = builder.updateDelay;
        this.downloadSettings = builder.downloadSettings;
    }

    /**
     * Returns a builder with the defaults documented on its setters.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the settings used when a fleet is given none: no trusted key, no failures. */
    public static FleetFirmware defaults() {
        return builder().build();
    }

    /** Returns the device type of every device. */
    public String deviceType() {
        return deviceType;
    }

    /** Returns the firmware version devices start with. */
    public String initialVersion() {
        return initialVersion;
    }

    /**
     * Returns where the device with this index fails.
     *
     * @param index the device's 0-based position in its fleet
     * @return the failure mode, {@link FailureMode#NONE} if this device does not fail
     */
    public FailureMode failureOf(int index) {
        return failAt != FailureMode.NONE && failRate.fails(index) ? failAt : FailureMode.NONE;
    }

    /** Creates the firmware state of a factory-fresh device. */
    InstalledFirmware newInstalledFirmware() {
        return new InstalledFirmware(deviceType, initialVersion);
    }

    /**
     * Creates the Firmware Update object of one device; its DM credentials come from its own Security object.
     *
     * @param endpoint the device's endpoint name
     * @param index the device's 0-based position in its fleet
     * @param installed the device's firmware state
     * @param executor the fleet's firmware pool (downloads, checks, updates)
     * @param reboot what a reboot does (must not block long)
     * @return the object
     */
    FirmwareUpdateObject newObject(String endpoint, int index, InstalledFirmware installed,
            ScheduledExecutorService executor, Runnable reboot) {
        FirmwareUpdateObject.Builder builder = FirmwareUpdateObject.builder(installed).endpoint(endpoint)
                .failure(failureOf(index)).updateDelay(updateDelay).executor(executor).reboot(reboot)
                .downloadSettings(downloadSettings);
        trustedKey.ifPresent(builder::trustedKey);
        return builder.build();
    }

    /** Settings of a {@link FleetFirmware}; every setter returns this builder and names its default. */
    public static final class Builder {

        private String deviceType = DeviceObject.MODEL;
        private String initialVersion = DeviceObject.FIRMWARE;
        private PublicKey trustedKey;
        private FailureMode failAt = FailureMode.NONE;
        private FailureRate failRate = FailureRate.ALWAYS;
        private Duration updateDelay = Duration.ofSeconds(1);
        private FirmwareDownloader.Settings downloadSettings = FirmwareDownloader.Settings.defaults();

        private Builder() {
        }

        /**
         * Sets the device type (Model Number /3/0/1 and the type an image must be made for). Default
         * {@code demo-sensor}.
         *
         * @param deviceType the device type
         * @return this builder
         */
        public Builder deviceType(String deviceType) {
            this.deviceType = Objects.requireNonNull(deviceType, "deviceType");
            return this;
        }

        /**
         * Sets the firmware version devices start with (/3/0/3). Default {@code 1.0.0}.
         *
         * @param initialVersion the version
         * @return this builder
         */
        public Builder initialVersion(String initialVersion) {
            this.initialVersion = Objects.requireNonNull(initialVersion, "initialVersion");
            return this;
        }

        /**
         * Sets the public key whose signature images must carry. Default none: devices check only the SHA-256.
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
         * Sets where failing devices fail. Default {@link FailureMode#NONE}.
         *
         * @param failAt the failure mode
         * @return this builder
         */
        public Builder failAt(FailureMode failAt) {
            this.failAt = Objects.requireNonNull(failAt, "failAt");
            return this;
        }

        /**
         * Sets which share of the devices fail at {@link #failAt(FailureMode)}. Default {@link FailureRate#ALWAYS}
         * (all of them, when a failure mode is set).
         *
         * @param failRate the rate
         * @return this builder
         */
        public Builder failRate(FailureRate failRate) {
            this.failRate = Objects.requireNonNull(failRate, "failRate");
            return this;
        }

        /**
         * Sets how long "flashing" takes after Execute Update. Default 1 s.
         *
         * @param updateDelay the delay, at least 0
         * @return this builder
         */
        public Builder updateDelay(Duration updateDelay) {
            Objects.requireNonNull(updateDelay, "updateDelay");
            if (updateDelay.isNegative()) {
                throw new IllegalArgumentException("updateDelay must not be negative but was [" + updateDelay + "]");
            }
            this.updateDelay = updateDelay;
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
         * Creates the settings.
         *
         * @return the settings
         */
        public FleetFirmware build() {
            return new FleetFirmware(this);
        }
    }
}
