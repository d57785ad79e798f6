// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator's request to run an LwM2M operation on a device, as received; validated by
 * {@link CommandService#submit(String, CommandRequest)}.
 *
 * @param type the operation
 * @param path the LwM2M path, for example {@code /3/0/13}
 * @param value for WRITE on a resource: the value (JSON number, string, boolean; an object of instance id to value
 *        for a multi-instance resource)
 * @param values for WRITE on an object instance: an object of resource id to value
 * @param arguments for EXECUTE: optional arguments text
 * @param expiresInSeconds how long a queued command may wait for the device before it times out; null for the
 *        default
 */
public record CommandRequest(CommandType type, String path, JsonNode value, JsonNode values, String arguments,
        Long expiresInSeconds) {

    /** @return a request with only a type and a path, e.g. READ /3/0. */
    public static CommandRequest of(CommandType type, String path) {
        return new CommandRequest(type, path, null, null, null, null);
    }
}
