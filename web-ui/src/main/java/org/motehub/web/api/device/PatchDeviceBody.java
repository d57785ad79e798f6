// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import org.motehub.model.device.DeviceState;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /api/v1/devices/{endpoint}}: the fields to change, the others left as they are.
 *
 * @param name the new display name, or null to keep it
 * @param state the new lifecycle state, or null to keep it
 * @param profile the name of the device profile to use, JSON {@code null} for none, or absent to keep it
 */
public record PatchDeviceBody(String name, DeviceState state, JsonNode profile) {
}
