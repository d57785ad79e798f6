// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

/**
 * Body of {@code POST /api/v1/devices/{endpoint}/firmware-updates}.
 *
 * @param firmwareId the image to install, from {@code GET /api/v1/firmware}
 */
public record StartFirmwareUpdateBody(String firmwareId) {
}
