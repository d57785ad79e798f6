// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.campaign.CampaignService;
import org.motehub.model.command.CommandService;
import org.motehub.model.device.DeviceService;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.objects.DeviceObjectsLookup;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.profile.TelemetryReportLookup;
import org.motehub.model.provisioning.ProvisioningService;
import org.motehub.model.registration.RegistrationLookup;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.device.PskIdentityLookup;

/**
 * The model collaborators a {@link WebServer} serves, as collected by its builder. One value instead of a long field
 * list, so the resource assembly and the event wiring can take what they need; the optional ones may be null.
 * {@code uploadDir}, where multipart uploads are spooled, is required with {@code firmware}.
 */
record WebCollaborators(DeviceService deviceService, CommandService commandService,
        RegistrationLookup registrationLookup, DeviceObjectsLookup objectsLookup, PskIdentityLookup pskIdentityLookup,
        BootstrapService bootstrapService, ProvisioningService provisioningService,
        Supplier<Map<String, Object>> health, ProfileService profileService, TelemetryReportLookup telemetryReports,
        TelemetryService telemetry, FirmwareRepository firmware, DeviceFirmwareVersions firmwareVersions,
        CampaignService campaignService, FirmwareUpdateService firmwareUpdates, Path uploadDir) {

    /** @throws IllegalStateException naming every required collaborator that is null */
    WebCollaborators {
        List<String> missing = new ArrayList<>();
        noteIfNull(missing, "deviceService", deviceService);
        noteIfNull(missing, "commandService", commandService);
        noteIfNull(missing, "registrationLookup", registrationLookup);
        noteIfNull(missing, "objectsLookup", objectsLookup);
        noteIfNull(missing, "pskIdentityLookup", pskIdentityLookup);
        noteIfNull(missing, "bootstrapService", bootstrapService);
        noteIfNull(missing, "provisioningService", provisioningService);
        if (firmware != null) {
            noteIfNull(missing, "uploadDir", uploadDir);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("WebServer needs " + String.join(", ", missing));
        }
    }

    private static void noteIfNull(List<String> missing, String name, Object value) {
        if (value == null) {
            missing.add(name);
        }
    }
}
