// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.time.Instant;

import org.motehub.model.firmware.FirmwareUpdate;

/**
 * The JSON shape of one device's firmware update: where it is (status, download percent), how it is delivered,
 * and why it failed.
 */
public record FirmwareUpdateView(String id, String endpoint, String firmwareId, String targetVersion,
        String campaignId, String delivery, String status, int percent, String previousVersion, Integer lwm2mResult,
        String failureReason, Instant createdAt, Instant updatedAt, Instant deadline) {

    /** @return the view of {@code u}. */
    public static FirmwareUpdateView of(FirmwareUpdate u) {
        return new FirmwareUpdateView(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(),
                u.delivery() == null ? null : u.delivery().name(), u.status().name(), u.percent(),
                u.previousVersion(), u.lwm2mResult(), u.failureReason(), u.createdAt(), u.updatedAt(), u.deadline());
    }
}
