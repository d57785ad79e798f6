// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.time.Instant;
import java.util.List;

import org.motehub.model.firmware.Firmware;

/**
 * The JSON shape of a firmware image's metadata (never its bytes: those are at {@code .../image}).
 *
 * @param id the firmware id
 * @param version the version the image reports once installed
 * @param deviceTypes the device types it fits
 * @param fromVersions the versions it may be applied on; empty means any
 * @param releaseNotes free text
 * @param mandatory whether devices must take it
 * @param size image size in bytes
 * @param sha256 lowercase hex SHA-256 of the image, also the ETag of its download
 * @param signatureAlgorithm {@code Ed25519} or {@code SHA256withECDSA}, or null when unsigned
 * @param signature the base64 detached signature, or null
 * @param signingKeyId the trusted key that verified it, or null
 * @param blocked whether the version is blocked
 * @param blockedReason why, or null
 * @param createdAt when it was uploaded
 */
public record FirmwareView(String id, String version, List<String> deviceTypes, List<String> fromVersions,
        String releaseNotes, boolean mandatory, long size, String sha256, String signatureAlgorithm, String signature,
        String signingKeyId, boolean blocked, String blockedReason, Instant createdAt) {

    /** @return the view of {@code f}. */
    public static FirmwareView of(Firmware f) {
        return new FirmwareView(f.id(), f.version(), f.deviceTypes(), f.fromVersions(), f.releaseNotes(),
                f.mandatory(), f.size(), f.sha256(), f.signatureAlgorithm(), f.signature(), f.signingKeyId(),
                f.blocked(), f.blockedReason(), f.createdAt());
    }
}
