// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A firmware image in the repository: its metadata, its integrity (sha256) and who signed it. The bytes live apart
 * (see {@link FirmwareRepository#read}). Immutable; {@link #blocked(String)} and {@link #unblocked()} return new records.
 *
 * @param id time-ordered id, unique
 * @param version the version the image reports once installed (what the device shows in /3/0/3)
 * @param deviceTypes the device types it fits, at least one
 * @param fromVersions the versions it may be applied on; empty means any
 * @param releaseNotes free text, may be empty
 * @param mandatory whether devices must take it (a campaign of a mandatory image cannot be skipped by a device)
 * @param size image size in bytes
 * @param sha256 lowercase hex SHA-256 of the image
 * @param signatureAlgorithm {@code Ed25519} or {@code SHA256withECDSA}, or null when signing is off and none was given
 * @param signature base64 detached signature over the image bytes, or null
 * @param signingKeyId the name of the trusted key that verified the signature, or null
 * @param blocked whether the version is blocked: no campaign may target it and devices running it are flagged
 * @param blockedReason why it is blocked, or null
 * @param createdAt when it was uploaded
 */
public record Firmware(String id, String version, List<String> deviceTypes, List<String> fromVersions,
        String releaseNotes, boolean mandatory, long size, String sha256, String signatureAlgorithm, String signature,
        String signingKeyId, boolean blocked, String blockedReason, Instant createdAt) {

    public Firmware {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        deviceTypes = List.copyOf(deviceTypes);
        fromVersions = fromVersions == null ? List.of() : List.copyOf(fromVersions);
        releaseNotes = releaseNotes == null ? "" : releaseNotes;
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return whether this image may be installed on a device of {@code type} running {@code currentVersion}. */
    public boolean fits(String type, String currentVersion) {
        return type != null && deviceTypes.contains(type)
                && (fromVersions.isEmpty() || (currentVersion != null && fromVersions.contains(currentVersion)));
    }

    /** @return this firmware blocked for {@code reason}. */
    public Firmware blocked(String reason) {
        return new Firmware(id, version, deviceTypes, fromVersions, releaseNotes, mandatory, size, sha256,
                signatureAlgorithm, signature, signingKeyId, true, reason, createdAt);
    }

    /** @return this firmware no longer blocked. */
    public Firmware unblocked() {
        return new Firmware(id, version, deviceTypes, fromVersions, releaseNotes, mandatory, size, sha256,
                signatureAlgorithm, signature, signingKeyId, false, null, createdAt);
    }
}
