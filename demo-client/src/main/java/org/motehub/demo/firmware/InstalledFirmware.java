// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * What a simulated device runs: its device type and firmware version, the "flash" that survives a reboot. The Device
 * object (/3/0/3) and the Firmware Update object (/5/0/7) read it; flashing a new image changes it. Thread-safe.
 */
public final class InstalledFirmware {

    private final String deviceType;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile String version;

    /**
     * Creates the state of a device as it leaves the factory.
     *
     * @param deviceType the device type an image must be made for (e.g. {@code demo-sensor})
     * @param version the initial firmware version (e.g. {@code 1.0.0})
     * @throws NullPointerException if an argument is null
     */
    public InstalledFirmware(String deviceType, String version) {
        this.deviceType = Objects.requireNonNull(deviceType, "deviceType");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** Returns the device type. */
    public String deviceType() {
        return deviceType;
    }

    /** Returns the firmware version running now. */
    public String version() {
        return version;
    }

    /**
     * Adds a listener called with the new version after each {@link #install(String)}, e.g. to notify observers of
     * /3/0/3.
     *
     * @param listener the listener; must return quickly
     */
    public void addListener(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Switches the running version, as a bootloader does after flashing.
     *
     * @param newVersion the version now running
     */
    public void install(String newVersion) {
        this.version = Objects.requireNonNull(newVersion, "newVersion");
        listeners.forEach(listener -> listener.accept(newVersion));
    }

    /**
     * Returns a minimal Device object (3) instance 0 for test devices that have no Device object of their own with a
     * changing firmware version: Manufacturer (0), Model Number (1, the device type), Serial Number (2), Firmware
     * Version (3, this firmware's version, notified on change) and Supported Binding (16, "U").
     *
     * @param manufacturer the manufacturer
     * @param serialNumber the serial number, often the endpoint name
     * @return a new instance enabler
     */
    public LwM2mInstanceEnabler deviceObject(String manufacturer, String serialNumber) {
        return new DeviceInstance(Objects.requireNonNull(manufacturer, "manufacturer"),
                Objects.requireNonNull(serialNumber, "serialNumber"));
    }

    private final class DeviceInstance extends BaseInstanceEnabler {
        private final String manufacturer;
        private final String serialNumber;

        DeviceInstance(String manufacturer, String serialNumber) {
            super(0);
            this.manufacturer = manufacturer;
            this.serialNumber = serialNumber;
            addListener(newVersion -> fireResourceChange(3));
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            switch (resourceId) {
            case 0:
                return ReadResponse.success(resourceId, manufacturer);
            case 1:
                return ReadResponse.success(resourceId, deviceType);
            case 2:
                return ReadResponse.success(resourceId, serialNumber);
            case 3:
                return ReadResponse.success(resourceId, version);
            case 16:
                return ReadResponse.success(resourceId, "U");
            default:
                return super.read(server, resourceId);
            }
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(0, 1, 2, 3, 16);
        }
    }
}
