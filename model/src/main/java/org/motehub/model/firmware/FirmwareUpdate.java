// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.time.Instant;
import java.util.Objects;

/**
 * One device's firmware update, durable so that a restart resumes it where it stopped and never updates a device
 * twice. Immutable; the update driver in leshan-server moves it through {@link FirmwareUpdateStatus}.
 *
 * @param id time-ordered id, unique
 * @param endpoint the device
 * @param firmwareId the target image
 * @param targetVersion the version the device must report afterwards
 * @param campaignId the campaign it belongs to, or null for a single-device update
 * @param delivery PULL (device downloads from /fw) or PUSH (server writes /5/0/0), chosen when it starts, or null
 * @param status where it is
 * @param percent download progress 0..100
 * @param previousVersion the version the device ran before, or null if unknown
 * @param lwm2mResult the last Update Result (/5/0/5) the device reported, or null
 * @param failureReason why it failed or was cancelled, or null
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param deadline when the current step times out, or null while PENDING
 */
public record FirmwareUpdate(String id, String endpoint, String firmwareId, String targetVersion, String campaignId,
        Delivery delivery, FirmwareUpdateStatus status, int percent, String previousVersion, Integer lwm2mResult,
        String failureReason, Instant createdAt, Instant updatedAt, Instant deadline) {

    /** How the image reaches the device. */
    public enum Delivery {
        PULL, PUSH
    }

    public FirmwareUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(firmwareId, "firmwareId");
        Objects.requireNonNull(targetVersion, "targetVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
