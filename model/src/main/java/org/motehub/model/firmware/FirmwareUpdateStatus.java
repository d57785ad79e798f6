// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

/**
 * Where one device's firmware update is. It follows LwM2M object 5 (Idle, Downloading, Downloaded, Updating) and
 * adds Motehub's own steps around it: waiting for the device, and proving the new version after it re-registers.
 */
public enum FirmwareUpdateStatus {
    /** Queued: waits for the device to be reachable (or for its campaign wave). */
    PENDING,
    /** Package URI written (pull) or package being written (push); /5/0/3 = 1. */
    DOWNLOADING,
    /** The device holds the image; /5/0/3 = 2. Update is executed next. */
    DOWNLOADED,
    /** Update executed; /5/0/3 = 3, the device is flashing and will re-register. */
    UPDATING,
    /** The device re-registered; its reported version is being compared with the target. */
    VERIFYING,
    /** The device runs the target version. */
    SUCCEEDED,
    /** Failed at some step; {@code failureReason} says which and why. */
    FAILED,
    /** Cancelled by an operator or its campaign before it finished. */
    CANCELLED;

    /** @return whether no further transition happens. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
