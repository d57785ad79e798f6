// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.motehub.model.campaign.CampaignTarget;
import org.motehub.model.campaign.MaintenanceWindow;
import org.motehub.model.campaign.NewCampaign;

/**
 * The body of {@code POST /api/v1/campaigns}; the campaign service validates its content and names each bad field.
 *
 * @param name a name for people
 * @param firmwareId the image to roll out
 * @param target exactly one of {@code endpoints}, {@code profile} or {@code deviceType}
 * @param waves cumulative percentages, default {@code [1, 10, 50, 100]}
 * @param failureThreshold percentage of a wave's devices that may fail, default 10
 * @param maxConcurrent the most devices updating at once, default 50
 * @param startAt when to start running, or null for at once
 * @param mandatory whether the image is mandatory, default the image's own flag
 * @param deviceWaitSeconds how long a device's update may wait for the device to come online before the device is
 *        skipped, 1 to 31536000 seconds, default 86400 (24 h)
 * @param window {@code {from, to, days, zone}}: the hours in which devices may be started, or null for any time
 * @param start whether to start it at once (202) rather than leave it a DRAFT (201)
 */
public record CreateCampaignBody(String name, String firmwareId, CampaignTarget target, List<Integer> waves,
        Integer failureThreshold, Integer maxConcurrent, Instant startAt, Boolean mandatory, Long deviceWaitSeconds,
        MaintenanceWindow window, Boolean start) {

    /** @return the service's request for this body. */
    public NewCampaign toRequest() {
        return new NewCampaign(name, firmwareId, target, waves, failureThreshold, maxConcurrent, startAt, mandatory,
                deviceWaitSeconds == null ? null : Duration.ofSeconds(deviceWaitSeconds), window);
    }
}
