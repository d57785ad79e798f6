// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;

/**
 * Durable per-device firmware updates. Operators (or campaigns) start them; the update driver in leshan-server
 * executes them over LwM2M object 5 and records every step here. A device has at most one unfinished update.
 */
public interface FirmwareUpdateService {

    /**
     * Creates a PENDING update of {@code endpoint} to {@code firmwareId}.
     *
     * @param campaignId the campaign it belongs to, or null
     * @throws NotFoundException if the device or the firmware does not exist
     * @throws ConflictException if the device already has an unfinished update, is not ACTIVE/PROVISIONING, or the
     *         firmware is blocked
     * @throws InvalidInputException if the firmware does not fit the device's type
     */
    FirmwareUpdate start(String endpoint, String firmwareId, String campaignId);

    /**
     * Like {@link #start(String, String, String)}, with an id the caller reserved by {@link #newUpdateId()} and recorded
     * beforehand (a campaign writes it into its device row first). A caller that crashed after recording the id
     * retries with the same id and never creates a second update: when an update with this id exists for the same
     * device, firmware and campaign, it is returned as it is.
     *
     * @throws ConflictException also when the id is used by an update of another device, firmware or campaign
     */
    FirmwareUpdate start(String id, String endpoint, String firmwareId, String campaignId);

    /** @return a fresh, time-ordered update id for {@link #start(String, String, String, String)}. */
    String newUpdateId();

    /** @return the update with this id, if any. */
    Optional<FirmwareUpdate> find(String id);

    /** @return the device's updates, newest first. */
    List<FirmwareUpdate> forDevice(String endpoint);

    /** @return the device's unfinished update, if any. */
    Optional<FirmwareUpdate> unfinished(String endpoint);

    /**
     * A cheap check for the paths that run on every registration: the driver looks no further for a device that has
     * nothing to do.
     *
     * @return false only if the device has no unfinished update; true if it may have one
     */
    default boolean mayHaveUnfinished(String endpoint) {
        return unfinished(endpoint).isPresent();
    }

    /** @return every unfinished update (the driver resumes them at start-up). */
    List<FirmwareUpdate> allUnfinished();

    /** @return the updates of a campaign. */
    List<FirmwareUpdate> forCampaign(String campaignId);

    /**
     * Applies a change to an unfinished update atomically (per device) and notifies listeners; a finished update is
     * returned unchanged.
     *
     * @throws NotFoundException if there is no such update
     */
    FirmwareUpdate transition(String id, UnaryOperator<FirmwareUpdate> change);

    /** Cancels an unfinished update (the driver stops driving it); a finished one is returned unchanged. */
    FirmwareUpdate cancel(String id, String reason);

    /** Adds a listener of update changes. */
    void addListener(FirmwareUpdateListener listener);
}
