// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.device.DeviceInputRules;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the bootstrap server writes into the Server object (1) of the devices of one type: short server id,
 * registration lifetime and binding. The profile named {@value #DEFAULT_TYPE} applies to devices without a type or
 * whose type has no profile of its own.
 *
 * @param type the device type, or {@value #DEFAULT_TYPE}
 * @param shortServerId the DM server's short server id, 1 to 65534
 * @param lifetimeSeconds the registration lifetime, 60 s to 30 days
 * @param queueMode whether devices of this type register in queue mode (binding {@code UQ} instead of {@code U})
 */
public record BootstrapProfile(String type, int shortServerId, long lifetimeSeconds, boolean queueMode) {

    /** Name of the profile used when a device's type has none. */
    public static final String DEFAULT_TYPE = "default";
    /** Shortest lifetime accepted. */
    public static final long MIN_LIFETIME = 60;
    /** Longest lifetime accepted (30 days). */
    public static final long MAX_LIFETIME = 30L * 24 * 3600;

    public BootstrapProfile {
        Objects.requireNonNull(type, "type");
    }

    /** @return the built-in default: short server id 1, lifetime 300 s, no queue mode. */
    public static BootstrapProfile builtInDefault() {
        return new BootstrapProfile(DEFAULT_TYPE, 1, 300, false);
    }

    /** @return the LwM2M binding string written to {@code /1/x/7}. */
    @JsonProperty("binding")
    public String binding() {
        return queueMode ? "UQ" : "U";
    }

    /**
     * @return this profile
     * @throws InvalidInputException naming every bad field
     */
    public BootstrapProfile validated() {
        List<FieldError> errors = new ArrayList<>();
        DeviceInputRules.checkType(type, "type", errors);
        if (shortServerId < 1 || shortServerId > 65534) {
            errors.add(new FieldError("shortServerId", "must be 1 to 65534"));
        }
        if (lifetimeSeconds < MIN_LIFETIME || lifetimeSeconds > MAX_LIFETIME) {
            errors.add(new FieldError("lifetimeSeconds", "must be " + MIN_LIFETIME + " to " + MAX_LIFETIME));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return this;
    }
}
