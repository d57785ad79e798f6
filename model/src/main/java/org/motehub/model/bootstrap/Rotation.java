// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.time.Instant;
import java.util.Objects;

/**
 * A requested rotation of a device's DM credentials.
 *
 * @param endpoint the device
 * @param requestedAt when it was requested
 * @param trigger how the device is made to bootstrap again
 * @param commandId the queued Bootstrap-Request Trigger command, or null for {@link Trigger#NEXT_BOOTSTRAP}
 */
public record Rotation(String endpoint, Instant requestedAt, Trigger trigger, String commandId) {

    /** How the device gets to its next bootstrap. */
    public enum Trigger {
        /** An EXECUTE on the Server object's Bootstrap-Request Trigger ({@code /1/x/9}) is queued for it. */
        COMMAND_QUEUED,
        /** The device does not announce the trigger (LwM2M 1.0 Server object): it rotates at its next bootstrap. */
        NEXT_BOOTSTRAP
    }

    public Rotation {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(trigger, "trigger");
    }
}
