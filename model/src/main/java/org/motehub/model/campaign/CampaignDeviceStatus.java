// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

/** Where one device of a campaign is. */
public enum CampaignDeviceStatus {
    /** Not started yet (its wave has not come, or the concurrency limit holds it back). */
    PENDING,
    /** Its firmware update is started and unfinished. */
    IN_PROGRESS,
    /** The device runs the target version. */
    SUCCEEDED,
    /** Its update failed; the reason says why. */
    FAILED,
    /** Its update could not be started (the device or image refused it when its turn came). */
    SKIPPED,
    /** The campaign was cancelled or aborted before the device finished. */
    CANCELLED;

    /** @return whether the device is done in this campaign. */
    public boolean isFinal() {
        return this != PENDING && this != IN_PROGRESS;
    }
}
