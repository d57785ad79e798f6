// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceQuery;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;

/**
 * Chooses a new campaign's devices: which ones a target selects, which of them an image may update (each other one
 * recorded as an {@link Exclusion} with its reason), and in which wave each eligible device runs.
 */
final class CampaignSelection {

    private final DeviceService devices;
    private final DeviceFirmwareVersions versions;

    CampaignSelection(DeviceService devices, DeviceFirmwareVersions versions) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    /**
     * @return the devices {@code target} selects; an endpoint listed by the target that names no device is added to
     *         {@code exclusions} instead
     */
    List<Device> select(CampaignTarget target, List<Exclusion> exclusions) {
        List<Device> result = new ArrayList<>();
        if (target.endpoints() != null) {
            for (String endpoint : target.endpoints()) {
                Optional<Device> d = devices.find(endpoint);
                if (d.isPresent()) {
                    result.add(d.get());
                } else {
                    exclusions.add(new Exclusion(endpoint, ExclusionReason.UNKNOWN_DEVICE, "no such device"));
                }
            }
            return result;
        }
        String cursor = null;
        do {
            Page<Device> page = devices.list(DeviceQuery.all(PageRequest.of(PageRequest.MAX_LIMIT, cursor)));
            for (Device d : page.items()) {
                if (target.profile() != null ? target.profile().equals(d.profile())
                        : target.deviceType().equals(d.type())) {
                    result.add(d);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return result;
    }

    /**
     * @return the endpoints of the {@code selected} devices that {@code image} may update, in the given order; every
     *         other one is added to {@code exclusions} with its reason
     */
    List<String> eligible(List<Device> selected, Firmware image, List<Exclusion> exclusions) {
        List<String> eligible = new ArrayList<>();
        for (Device d : selected) {
            Optional<Exclusion> why = exclusion(d, image);
            if (why.isPresent()) {
                exclusions.add(why.get());
            } else {
                eligible.add(d.endpoint());
            }
        }
        return eligible;
    }

    private Optional<Exclusion> exclusion(Device d, Firmware image) {
        String endpoint = d.endpoint();
        if (d.state() != DeviceState.ACTIVE && d.state() != DeviceState.PROVISIONING) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.DEVICE_NOT_ACTIVE, "device is " + d.state()));
        }
        if (d.type() == null) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.NO_DEVICE_TYPE,
                    "device has no type; the image fits " + image.deviceTypes()));
        }
        if (!image.deviceTypes().contains(d.type())) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.INCOMPATIBLE_TYPE,
                    "device type " + d.type() + "; the image fits " + image.deviceTypes()));
        }
        Optional<String> version = versions.versionOf(endpoint);
        if (version.isPresent()) {
            if (version.get().equals(image.version())) {
                return Optional.of(new Exclusion(endpoint, ExclusionReason.ALREADY_ON_TARGET,
                        "device already runs version " + image.version()));
            }
            if (!image.fromVersions().isEmpty() && !image.fromVersions().contains(version.get())) {
                return Optional.of(new Exclusion(endpoint, ExclusionReason.VERSION_NOT_APPLICABLE, "device runs "
                        + version.get() + "; the image applies only on " + image.fromVersions()));
            }
        }
        return Optional.empty();
    }

    /**
     * Puts the {@code eligible} endpoints (sorted, then shuffled in place) into waves ending at {@code ends}.
     *
     * @return one PENDING row per endpoint, in the shuffled order
     */
    static List<CampaignDevice> inWaves(String campaignId, List<String> eligible, List<Integer> ends, Instant now) {
        // a stable shuffle: the first waves sample the whole fleet instead of the first endpoints in name order
        Collections.sort(eligible);
        Collections.shuffle(eligible, new Random(campaignId.hashCode()));
        List<CampaignDevice> rows = new ArrayList<>(eligible.size());
        int wave = 0;
        for (int i = 0; i < eligible.size(); i++) {
            while (i >= ends.get(wave)) {
                wave++;
            }
            rows.add(CampaignDevice.pending(campaignId, eligible.get(i), wave, now));
        }
        return rows;
    }
}
