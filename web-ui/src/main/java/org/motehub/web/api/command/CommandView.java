// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import java.time.Instant;

import org.motehub.model.command.Command;
import org.motehub.model.command.CommandStatus;
import org.motehub.model.command.CommandType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON shape of a command, decoupled from the model record so that the API changes only on purpose.
 *
 * @param id the command id
 * @param endpoint the target device
 * @param type the operation
 * @param path the LwM2M path
 * @param value the WRITE value, or null
 * @param values the WRITE values, or null
 * @param arguments the EXECUTE arguments, or null
 * @param status where the command is
 * @param coapCode the device's CoAP response code, or null
 * @param result the device's answer, or null
 * @param error why it failed, or null
 * @param createdAt when it was submitted
 * @param sentAt when it was sent, or null
 * @param completedAt when it finished, or null
 * @param expiresAt when it times out if still pending
 */
public record CommandView(String id, String endpoint, CommandType type, String path, JsonNode value, JsonNode values,
        String arguments, CommandStatus status, String coapCode, JsonNode result, String error, Instant createdAt,
        Instant sentAt, Instant completedAt, Instant expiresAt) {

    /** @return the view of {@code c}. */
    public static CommandView of(Command c) {
        return new CommandView(c.id(), c.endpoint(), c.type(), c.path(), c.value(), c.values(), c.arguments(),
                c.status(), c.coapCode(), c.result(), c.error(), c.createdAt(), c.sentAt(), c.completedAt(),
                c.expiresAt());
    }
}
