// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A durable LwM2M operation for one device and its outcome. Commands are queued while the device is offline or
 * asleep and executed by the dispatcher when it is reachable. Immutable; transitions return new records.
 * <p>
 * A JSON {@code null} given as {@code value}, {@code values} or {@code result} becomes Java {@code null}, so "absent"
 * has one form and a command reads back equal from a store (Jackson reads a JSON null into a {@code JsonNode} as
 * {@code NullNode}).
 *
 * @param id time-ordered id, unique
 * @param endpoint the target device
 * @param type the operation
 * @param path the LwM2M path
 * @param value WRITE value for a resource, or null
 * @param values WRITE values for an object instance, or null
 * @param arguments EXECUTE arguments, or null
 * @param status where the command is
 * @param coapCode the device's CoAP response code once answered, or null
 * @param result the device's answer as JSON, or null
 * @param error why it failed, or null
 * @param createdAt when it was submitted
 * @param sentAt when it was sent to the device, or null
 * @param completedAt when it finished, or null
 * @param expiresAt when a command still pending times out
 */
public record Command(String id, String endpoint, CommandType type, String path, JsonNode value, JsonNode values,
        String arguments, CommandStatus status, String coapCode, JsonNode result, String error, Instant createdAt,
        Instant sentAt, Instant completedAt, Instant expiresAt) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        value = absentIfNull(value);
        values = absentIfNull(values);
        result = absentIfNull(result);
    }

    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /** @return the command marked as sent at {@code now}. */
    public Command sent(Instant now) {
        return new Command(id, endpoint, type, path, value, values, arguments, CommandStatus.SENT, coapCode, result,
                error, createdAt, now, completedAt, expiresAt);
    }

    /** @return the command put back in the queue (the device fell asleep before it could be sent). */
    public Command requeued() {
        return new Command(id, endpoint, type, path, value, values, arguments, CommandStatus.PENDING, coapCode,
                result, error, createdAt, null, completedAt, expiresAt);
    }

    /** @return the command finished with {@code outcome} at {@code now}. */
    public Command completed(CommandOutcome outcome, Instant now) {
        return new Command(id, endpoint, type, path, value, values, arguments, outcome.status(), outcome.coapCode(),
                outcome.result(), outcome.error(), createdAt, sentAt, now, expiresAt);
    }
}
