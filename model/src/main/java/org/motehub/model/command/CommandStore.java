// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import java.util.List;
import java.util.Optional;

/**
 * Persists commands and keeps an index of the unfinished ones, so that the queue of a sleeping device survives a
 * restart and is read without scanning finished commands.
 */
public interface CommandStore {

    /** Inserts or replaces a command; the unfinished-index follows its status in the same atomic write. */
    void put(Command command);

    /** @return the command with this id for this device, if any. */
    Optional<Command> find(String endpoint, String id);

    /**
     * @param afterId start strictly after this id, or null to start with the oldest
     * @return the device's commands, oldest first
     */
    List<Command> list(String endpoint, String afterId, int max);

    /** @return the device's unfinished (PENDING or SENT) commands, oldest first. */
    List<Command> unfinished(String endpoint);

    /** @return every unfinished command of every device, oldest first per device. */
    List<Command> allUnfinished();
}
