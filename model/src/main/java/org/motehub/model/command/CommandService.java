// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;

/**
 * The durable command queue: operators submit LwM2M operations, the dispatcher takes them when the device is
 * reachable and reports their outcome. Every command is stored before it is sent, so none is forgotten while a
 * device sleeps or the server restarts.
 */
public interface CommandService {

    /**
     * Validates and queues a command.
     *
     * @throws InvalidInputException naming each malformed field (type, path, value...)
     * @throws NotFoundException if the device does not exist
     * @throws ConflictException if the device is suspended or decommissioned
     */
    Command submit(String endpoint, CommandRequest request);

    /** @return the command, if it exists. */
    Optional<Command> find(String endpoint, String id);

    /**
     * @throws NotFoundException if there is no such command
     */
    Command get(String endpoint, String id);

    /** @return one page of the device's commands, oldest first. */
    Page<Command> list(String endpoint, PageRequest page);

    /**
     * Waits until the command has finished or {@code max} has passed, whichever comes first.
     *
     * @return the command as it is then
     * @throws NotFoundException if there is no such command
     */
    Command await(String endpoint, String id, Duration max) throws InterruptedException;

    /**
     * @return a future completed with the command once it has finished (at once if it already has); it never
     *         completes for a command that does not finish, so callers bound their wait (e.g.
     *         {@code copy().completeOnTimeout(...)}) and never complete it themselves
     * @throws NotFoundException if there is no such command
     */
    CompletableFuture<Command> whenFinished(String endpoint, String id);

    /** @return the device's commands still PENDING, oldest first. */
    List<Command> pending(String endpoint);

    /**
     * A cheap test the dispatcher makes on every registration, update and wake-up before it looks at the queue.
     *
     * @return false only if the device has no unfinished command; true if it may have one
     */
    default boolean mayHavePending(String endpoint) {
        return !pending(endpoint).isEmpty();
    }

    /** @return every command in SENT state (used at start-up to settle commands cut off by a restart). */
    List<Command> inFlight();

    /**
     * Marks a PENDING command SENT.
     *
     * @return the updated command, or empty if it was no longer PENDING (already taken, finished or expired)
     */
    Optional<Command> markSent(String endpoint, String id);

    /** Puts a SENT command back to PENDING, because the device went to sleep before it could be delivered. */
    void requeue(String endpoint, String id);

    /**
     * Records the outcome of an unfinished command; a command already finished is left as it is.
     *
     * @return the command as it is afterwards
     */
    Command complete(String endpoint, String id, CommandOutcome outcome);

    /** Times out the PENDING commands whose expiry has passed; returns how many. */
    int expireOverdue();

    /** Adds a listener of queued commands. */
    void addListener(CommandListener listener);
}
