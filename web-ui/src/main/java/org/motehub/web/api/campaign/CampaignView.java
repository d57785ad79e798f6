// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.campaign;

import java.time.Instant;
import java.util.List;

import org.motehub.model.campaign.Campaign;
import org.motehub.model.campaign.CampaignState;
import org.motehub.model.campaign.CampaignTarget;
import org.motehub.model.campaign.CampaignTotals;
import org.motehub.model.campaign.Exclusion;
import org.motehub.model.campaign.MaintenanceWindow;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shape of a campaign: its settings, state, totals with the progress percentage, and (when read alone) the
 * excluded devices with their reason. {@code currentWave} counts from 1; {@code deviceWaitSeconds} is the campaign's
 * {@code deviceWait} in seconds, as the create body gives it; {@code window} is left out when the campaign has
 * none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignView(String id, String name, String firmwareId, String targetVersion, CampaignTarget target,
        List<Integer> waves, List<Integer> waveEnds, int currentWave, int failureThreshold, int maxConcurrent,
        long deviceWaitSeconds, Instant startAt, boolean mandatory, CampaignState state, String stateReason,
        CampaignTotals totals, int progressPercent, int excluded, List<Exclusion> exclusions,
        String previousCampaignId, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
        MaintenanceWindow window) {

    /** @return the view of {@code c} without its exclusions (listings, events). */
    public static CampaignView of(Campaign c) {
        return of(c, null);
    }

    /** @return the view of {@code c} with {@code exclusions} (may be null to leave them out). */
    public static CampaignView of(Campaign c, List<Exclusion> exclusions) {
        return new CampaignView(c.id(), c.name(), c.firmwareId(), c.targetVersion(), c.target(), c.waves(),
                c.waveEnds(), c.currentWave() + 1, c.failureThreshold(), c.maxConcurrent(),
                c.deviceWait().toSeconds(), c.startAt(), c.mandatory(), c.state(), c.stateReason(), c.totals(),
                c.totals().progressPercent(), c.excluded(), exclusions, c.previousCampaignId(), c.createdAt(),
                c.updatedAt(), c.startedAt(), c.finishedAt(), c.window());
    }
}
