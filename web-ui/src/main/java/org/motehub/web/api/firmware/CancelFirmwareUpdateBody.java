// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

/**
 * Optional body of {@code POST .../firmware-updates/{id}/cancel}.
 *
 * @param reason why the operator cancels, recorded as the update's failure reason; may be null
 */
public record CancelFirmwareUpdateBody(String reason) {
}
