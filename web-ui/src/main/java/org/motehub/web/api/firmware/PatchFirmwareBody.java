// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

/**
 * The body of {@code PATCH /api/v1/firmware/{id}}: block a version (with a reason) or unblock it.
 *
 * @param blocked whether the version is blocked; required
 * @param blockedReason why, required when blocking
 */
public record PatchFirmwareBody(Boolean blocked, String blockedReason) {
}
