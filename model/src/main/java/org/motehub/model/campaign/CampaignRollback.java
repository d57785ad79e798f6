// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareRepository;

/**
 * Plans the rollback of a finished campaign: its succeeded devices go back to the image of the version they ran
 * before, the one most of them share; every other device is excluded with its reason.
 */
final class CampaignRollback {

    /** What a rollback campaign is created from: the image to return to, its devices and the excluded ones. */
    record Plan(Firmware image, List<Device> targets, List<Exclusion> exclusions) {
    }

    private final CampaignStore store;
    private final DeviceService devices;
    private final FirmwareRepository firmware;

    CampaignRollback(CampaignStore store, DeviceService devices, FirmwareRepository firmware) {
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
    }

    /**
     * @throws ConflictException if {@code original} is not finished, no device succeeded in it, or no succeeded device
     *             has an image of its previous version
     */
    Plan plan(Campaign original) {
        String id = original.id();
        if (!original.state().isFinal()) {
            throw new ConflictException("campaign " + id + " is " + original.state()
                    + "; pause and cancel it before rolling it back");
        }
        List<Exclusion> exclusions = new ArrayList<>();
        Map<String, List<Device>> byImage = new LinkedHashMap<>();
        Map<String, Firmware> images = new LinkedHashMap<>();
        int succeeded = 0;
        for (CampaignDevice row : store.allDevices(id)) {
            if (row.status() != CampaignDeviceStatus.SUCCEEDED) {
                continue;
            }
            succeeded++;
            Optional<Device> device = devices.find(row.endpoint());
            Optional<Firmware> previous = device.map(Device::type).filter(t -> row.previousVersion() != null)
                    .flatMap(t -> firmware.findVersion(t, row.previousVersion()));
            if (previous.isEmpty()) {
                exclusions.add(new Exclusion(row.endpoint(), ExclusionReason.NO_PREVIOUS_IMAGE,
                        row.previousVersion() == null ? "the version it ran before is unknown"
                                : "no image of version " + row.previousVersion() + " for its type"));
                continue;
            }
            images.putIfAbsent(previous.get().id(), previous.get());
            byImage.computeIfAbsent(previous.get().id(), k -> new ArrayList<>()).add(device.get());
        }
        if (succeeded == 0) {
            throw new ConflictException("no device succeeded in campaign " + id + ": nothing to roll back");
        }
        if (byImage.isEmpty()) {
            throw new ConflictException("no device of campaign " + id + " has an image of its previous version");
        }
        String imageId = byImage.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow().getKey();
        Firmware image = images.get(imageId);
        for (Map.Entry<String, List<Device>> other : byImage.entrySet()) {
            if (!other.getKey().equals(imageId)) {
                Firmware o = images.get(other.getKey());
                for (Device d : other.getValue()) {
                    exclusions.add(new Exclusion(d.endpoint(), ExclusionReason.OTHER_PREVIOUS_VERSION,
                            "ran version " + o.version() + " before; this rollback returns to " + image.version()));
                }
            }
        }
        return new Plan(image, byImage.get(imageId), exclusions);
    }
}
