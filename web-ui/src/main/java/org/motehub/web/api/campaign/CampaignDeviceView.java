// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.campaign;

import java.time.Instant;

import org.motehub.model.campaign.CampaignDevice;
import org.motehub.model.campaign.CampaignDeviceStatus;
import org.motehub.model.firmware.FirmwareUpdateStatus;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shape of one device of a campaign: its status, the step and download percentage of its update, and the
 * reason of a failure, skip or cancellation. {@code wave} counts from 1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignDeviceView(String endpoint, int wave, CampaignDeviceStatus status, String updateId,
        FirmwareUpdateStatus step, int percent, String previousVersion, String reason, Instant updatedAt) {

    /** @return the view of {@code d}. */
    public static CampaignDeviceView of(CampaignDevice d) {
        return new CampaignDeviceView(d.endpoint(), d.wave() + 1, d.status(), d.updateId(), d.step(), d.percent(),
                d.previousVersion(), d.reason(), d.updatedAt());
    }
}
