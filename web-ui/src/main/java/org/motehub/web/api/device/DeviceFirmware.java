// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.device.Device;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.web.api.device.DeviceView.FirmwareView;

/**
 * The firmware section of a device: the version it last reported and whether that version is blocked in the
 * repository (for its device type), so that operators see devices on a bad version.
 */
public final class DeviceFirmware {

    private final DeviceFirmwareVersions versions;
    private final FirmwareRepository repository;

    /**
     * @param repository the firmware repository, or null when it is not enabled (then nothing is blocked)
     * @throws NullPointerException if {@code versions} is null
     */
    public DeviceFirmware(DeviceFirmwareVersions versions, FirmwareRepository repository) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.repository = repository;
    }

    /** @return the device's firmware section, empty if it never reported a version. */
    public Optional<FirmwareView> of(Device device) {
        return versions.versionOf(device.endpoint()).map(version -> {
            Optional<Firmware> known = repository == null || device.type() == null ? Optional.empty()
                    : repository.findVersion(device.type(), version);
            boolean blocked = known.map(Firmware::blocked).orElse(false);
            return new FirmwareView(version, blocked, blocked ? known.get().blockedReason() : null);
        });
    }
}
