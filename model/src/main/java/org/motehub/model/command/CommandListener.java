// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

/**
 * Hears commands as they are queued, so that the dispatcher can send them at once when the device is reachable.
 * Callbacks run on the submitting thread and must return quickly.
 */
public interface CommandListener {

    /** A new command was stored in {@code PENDING}. */
    void commandQueued(Command command);
}
