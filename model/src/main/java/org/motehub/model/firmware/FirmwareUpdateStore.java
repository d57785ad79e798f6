// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;
import java.util.Optional;

/**
 * Persists firmware updates with an index per device, per campaign and of the unfinished ones, so that a restart
 * finds every update in flight and a device's latest update is read without scanning its history.
 */
public interface FirmwareUpdateStore {

    /** Inserts or replaces an update; its indexes follow in the same atomic write. */
    void put(FirmwareUpdate update);

    /** @return the update with this id, if any. */
    Optional<FirmwareUpdate> find(String id);

    /** @return the device's newest update (the only one that may be unfinished), if any. */
    Optional<FirmwareUpdate> latest(String endpoint);

    /** @return the device's updates, newest first. */
    List<FirmwareUpdate> forDevice(String endpoint);

    /** @return the updates of a campaign, oldest first. */
    List<FirmwareUpdate> forCampaign(String campaignId);

    /** @return every unfinished update, oldest first. */
    List<FirmwareUpdate> unfinished();

    /** @return whether some unfinished update targets this firmware. */
    default boolean anyUnfinishedFor(String firmwareId) {
        return unfinished().stream().anyMatch(u -> u.firmwareId().equals(firmwareId));
    }
}
