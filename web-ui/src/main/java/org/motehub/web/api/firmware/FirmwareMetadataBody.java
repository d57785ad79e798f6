// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.util.List;

import org.motehub.model.firmware.FirmwareMetadata;

/**
 * The {@code metadata} part of a multipart firmware upload, as JSON.
 *
 * @param version the version the image reports once installed
 * @param deviceTypes the device types it fits
 * @param fromVersions the versions it may be applied on; absent or empty means any
 * @param releaseNotes free text, or absent
 * @param mandatory whether devices must take it; absent means false
 * @param signature base64 detached signature over the image (Ed25519 or ECDSA P-256), or absent
 */
public record FirmwareMetadataBody(String version, List<String> deviceTypes, List<String> fromVersions,
        String releaseNotes, Boolean mandatory, String signature) {

    FirmwareMetadata toMetadata() {
        return new FirmwareMetadata(version, deviceTypes, fromVersions, releaseNotes, Boolean.TRUE.equals(mandatory),
                signature);
    }
}
