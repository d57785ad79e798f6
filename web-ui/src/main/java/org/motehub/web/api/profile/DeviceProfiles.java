// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.profile;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.InvalidInputException;
import org.motehub.model.device.Device;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.profile.TelemetryReport;
import org.motehub.model.profile.TelemetryReportLookup;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the device resource needs of profiles: assigning one from a PATCH body, and the telemetry section of a device.
 * A server built without a profile service refuses profile assignments naming the field.
 */
public final class DeviceProfiles {

    private final ProfileService service;
    private final TelemetryReportLookup reports;

    /**
     * @param service the profile service, or null when profiles are not enabled
     * @param reports the telemetry reports of devices
     * @throws NullPointerException if {@code reports} is null
     */
    public DeviceProfiles(ProfileService service, TelemetryReportLookup reports) {
        this.service = service;
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /**
     * @param profile a JSON string naming the profile, or JSON null to take the device's profile away
     * @return the profile name to assign, null for none
     * @throws InvalidInputException naming {@code profile} when it is neither, or names no profile
     */
    public String checked(JsonNode profile) {
        if (service == null) {
            throw new InvalidInputException("profile", "device profiles are not enabled on this server");
        }
        if (profile.isNull()) {
            return null;
        }
        if (!profile.isTextual()) {
            throw new InvalidInputException("profile", "must be a profile name or null");
        }
        String name = profile.asText();
        if (service.find(name).isEmpty()) {
            throw new InvalidInputException("profile", "no profile named " + name);
        }
        return name;
    }

    /** Gives the device the profile (null for none); the name was {@link #checked(JsonNode)}. */
    public Device assign(String endpoint, String profile) {
        return service.assign(endpoint, profile);
    }

    /** @return the device's telemetry section, empty when nothing is known. */
    public Optional<TelemetryReport> telemetryOf(String endpoint) {
        return reports.find(endpoint);
    }
}
