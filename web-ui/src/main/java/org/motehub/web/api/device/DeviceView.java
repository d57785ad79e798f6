// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.time.Instant;
import java.util.Optional;

import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceState;
import org.motehub.model.profile.TelemetryReport;
import org.motehub.model.registration.RegistrationInfo;

/**
 * The JSON shape of a device: its record, the identity of its credentials (never the key) and its live registration,
 * or {@code null} for either when it has none.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name the display name
 * @param state the lifecycle state
 * @param online whether the device holds a live registration
 * @param lastSeen when it was last heard of, or null
 * @param createdAt when it was created
 * @param updatedAt when its record last changed
 * @param credentials its credentials without the key, or null once erased
 * @param registration its current registration, or null when offline
 * @param profile the name of its device profile, or null
 * @param telemetry how collecting its telemetry goes (observed, missing and failed paths, rejected payloads), or null
 */
public record DeviceView(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
        Instant createdAt, Instant updatedAt, CredentialsView credentials, RegistrationInfo registration,
        String profile, TelemetryReport telemetry) {

    /**
     * What the API shows of credentials.
     *
     * @param type {@code PSK}
     * @param identity the PSK identity
     */
    public record CredentialsView(String type, String identity) {
    }

    /** @return the view of {@code device} with its PSK identity and registration, if any, without telemetry. */
    public static DeviceView of(Device device, Optional<String> identity, Optional<RegistrationInfo> registration) {
        return of(device, identity, registration, Optional.empty());
    }

    /** @return the view of {@code device} with its PSK identity, registration and telemetry section, if any. */
    public static DeviceView of(Device device, Optional<String> identity, Optional<RegistrationInfo> registration,
            Optional<TelemetryReport> telemetry) {
        return new DeviceView(device.endpoint(), device.name(), device.state(), device.online(), device.lastSeen(),
                device.createdAt(), device.updatedAt(), identity.map(id -> new CredentialsView("PSK", id))
                        .orElse(null), registration.orElse(null), device.profile(), telemetry.orElse(null));
    }
}
