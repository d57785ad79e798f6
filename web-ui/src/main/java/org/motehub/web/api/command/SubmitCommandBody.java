// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import org.motehub.model.command.CommandRequest;
import org.motehub.model.command.CommandType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/devices/{endpoint}/commands}; the command service validates its content.
 *
 * @param type the operation
 * @param path the LwM2M path, for example {@code /3/0/13}
 * @param value WRITE value of a resource
 * @param values WRITE values of an object instance, by resource id
 * @param arguments EXECUTE arguments
 * @param expiresInSeconds how long the command may wait for the device, or null for the default
 */
public record SubmitCommandBody(CommandType type, String path, JsonNode value, JsonNode values, String arguments,
        Long expiresInSeconds) {

    /** @return the service's request for this body; a JSON {@code null} counts as absent. */
    public CommandRequest toRequest() {
        return new CommandRequest(type, path, absentIfNull(value), absentIfNull(values), arguments, expiresInSeconds);
    }

    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
