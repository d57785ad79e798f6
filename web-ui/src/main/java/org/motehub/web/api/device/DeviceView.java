// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.time.Instant;
import java.util.Optional;

import org.motehub.model.bootstrap.BootstrapInfo;
import org.motehub.model.bootstrap.BootstrapResult;
import org.motehub.model.bootstrap.BootstrapState;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceState;
import org.motehub.model.profile.TelemetryReport;
import org.motehub.model.registration.RegistrationInfo;

/**
 * The JSON shape of a device: its record, the identities of its credentials (never a key), its bootstrap history and
 * its live registration, or {@code null} for any it has none of.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name the display name
 * @param type the device type, or null
 * @param state the lifecycle state
 * @param online whether the device holds a live registration
 * @param lastSeen when it was last heard of, or null
 * @param createdAt when it was created
 * @param updatedAt when its record last changed
 * @param credentials its DM credentials without the key, or null when it has none (yet, or any more)
 * @param bootstrapCredentials its bootstrap credentials without the key, or null
 * @param bootstrap its bootstrap history, or null for a device without bootstrap credentials that never tried
 * @param registration its current registration, or null when offline
 * @param profile the name of its device profile, or null
 * @param telemetry how collecting its telemetry goes (observed, missing and failed paths, rejected payloads), or null
 * @param firmware the firmware version it last reported and whether it is blocked, or null if it never reported one
 */
public record DeviceView(String endpoint, String name, String type, DeviceState state, boolean online,
        Instant lastSeen, Instant createdAt, Instant updatedAt, CredentialsView credentials,
        CredentialsView bootstrapCredentials, BootstrapView bootstrap, RegistrationInfo registration, String profile,
        TelemetryReport telemetry, FirmwareView firmware) {

    /**
     * What the API shows of a device's firmware.
     *
     * @param version the version the device last reported in /3/0/3
     * @param blocked whether that version is blocked in the repository for the device's type
     * @param blockedReason why it is blocked, or null
     */
    public record FirmwareView(String version, boolean blocked, String blockedReason) {
    }

    /**
     * What the API shows of credentials.
     *
     * @param type {@code PSK}
     * @param identity the PSK identity
     */
    public record CredentialsView(String type, String identity) {
    }

    /**
     * What the API shows of a device's bootstraps.
     *
     * @param attempts attempts: handshakes refused plus Bootstrap-Requests received
     * @param successes sessions the device finished
     * @param failures attempts refused or failed
     * @param lastAttemptAt when the last attempt started, or null
     * @param lastResult {@code IN_PROGRESS}, {@code SUCCEEDED} or {@code FAILED}, or null
     * @param lastReason why the last attempt failed, or null
     * @param lastSuccessAt when the device last finished a bootstrap, or null
     * @param pendingIdentity the DM identity issued at the last bootstrap, not yet used to register, or null
     * @param rotation the last requested rotation of its DM credentials, or null
     */
    public record BootstrapView(long attempts, long successes, long failures, Instant lastAttemptAt,
            BootstrapResult lastResult, String lastReason, Instant lastSuccessAt, String pendingIdentity,
            RotationView rotation) {
    }

    /**
     * What the API shows of a rotation.
     *
     * @param requestedAt when it was requested
     * @param completedAt when the device registered with new credentials, or null while pending
     * @param commandId the queued Bootstrap-Request Trigger command, or null
     */
    public record RotationView(Instant requestedAt, Instant completedAt, String commandId) {
    }

    /** @return the view of {@code device} with its identities, bootstrap history and registration, if any. */
    public static DeviceView of(Device device, Optional<String> identity, BootstrapInfo bootstrap,
            Optional<RegistrationInfo> registration, Optional<TelemetryReport> telemetry,
            Optional<FirmwareView> firmware) {
        return new DeviceView(device.endpoint(), device.name(), device.type(), device.state(), device.online(),
                device.lastSeen(), device.createdAt(), device.updatedAt(),
                identity.map(id -> new CredentialsView("PSK", id)).orElse(null),
                bootstrap.bootstrap().map(id -> new CredentialsView("PSK", id)).orElse(null), bootstrapView(bootstrap),
                registration.orElse(null), device.profile(), telemetry.orElse(null), firmware.orElse(null));
    }

    private static BootstrapView bootstrapView(BootstrapInfo info) {
        BootstrapState s = info.state();
        if (info.bootstrapIdentity() == null && s.attempts() == 0 && info.pendingIdentity() == null) {
            return null;
        }
        RotationView rotation = s.rotationRequestedAt() == null ? null
                : new RotationView(s.rotationRequestedAt(), s.rotationCompletedAt(), s.rotationCommandId());
        return new BootstrapView(s.attempts(), s.successes(), s.failures(), s.lastAttemptAt(), s.lastResult(),
                s.lastReason(), s.lastSuccessAt(), info.pendingIdentity(), rotation);
    }
}
