// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a command ended, as reported by the dispatcher.
 *
 * @param status a final status
 * @param coapCode the device's CoAP response code (for example {@code 2.05} or {@code 4.04}), or null if none came
 * @param result the device's answer as JSON (content read, discovered links...), or null
 * @param error why it failed, for a person, or null on success
 */
public record CommandOutcome(CommandStatus status, String coapCode, JsonNode result, String error) {

    public CommandOutcome {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("an outcome needs a final status, not " + status);
        }
    }

    public static CommandOutcome succeeded(String coapCode, JsonNode result) {
        return new CommandOutcome(CommandStatus.SUCCEEDED, coapCode, result, null);
    }

    public static CommandOutcome failed(String coapCode, String error) {
        return new CommandOutcome(CommandStatus.FAILED, coapCode, null, error);
    }

    public static CommandOutcome timedOut(String error) {
        return new CommandOutcome(CommandStatus.TIMED_OUT, null, null, error);
    }
}
