// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

/**
 * Where a command is: queued ({@code PENDING}), on the wire ({@code SENT}), or finished. Finished states never
 * change again.
 */
public enum CommandStatus {
    PENDING, SENT, SUCCEEDED, FAILED, TIMED_OUT;

    /** @return whether the command has finished. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }
}
