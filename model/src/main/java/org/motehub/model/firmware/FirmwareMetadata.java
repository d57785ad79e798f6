// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;

/**
 * What an operator says about an image when uploading it; validated by the repository, which names each bad field.
 *
 * @param version the version the image reports once installed
 * @param deviceTypes the device types it fits
 * @param fromVersions the versions it may be applied on; null or empty means any
 * @param releaseNotes free text, or null
 * @param mandatory whether devices must take it
 * @param signature base64 detached signature over the image bytes (Ed25519 or ECDSA P-256), or null
 */
public record FirmwareMetadata(String version, List<String> deviceTypes, List<String> fromVersions,
        String releaseNotes, boolean mandatory, String signature) {
}
