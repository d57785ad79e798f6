// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A phased firmware campaign: one image rolled out to the selected devices wave by wave, aborted when a wave fails
 * past its threshold. Immutable; the devices are {@link CampaignDevice} rows beside it, the exclusions
 * {@link Exclusion} rows.
 *
 * @param id time-ordered id, unique
 * @param name a name for people
 * @param firmwareId the image
 * @param targetVersion the version of that image
 * @param target how the devices were selected
 * @param waves cumulative percentages of the devices, strictly increasing, the last 100
 * @param waveEnds the cumulative device counts of the waves (wave {@code i} holds devices
 *        {@code waveEnds[i-1]..waveEnds[i]-1}); a wave may be empty on a small fleet
 * @param failureThreshold the percentage of a wave's devices that may fail; one more aborts the campaign
 * @param maxConcurrent the most devices updating at once
 * @param deviceWait how long a device's update may wait (PENDING) for the device to come online before the campaign
 *        skips that device and frees its slot; null (a campaign stored before the setting existed) reads as
 *        {@link CampaignRules#DEFAULT_DEVICE_WAIT}
 * @param startAt when it starts running once started, or null for at once
 * @param mandatory whether the image is mandatory for the devices
 * @param state where it is
 * @param stateReason why it was aborted or cancelled, or null
 * @param currentWave the index of the wave being run (0 before it starts)
 * @param totals device counts
 * @param excluded how many selected devices are excluded (see the exclusions)
 * @param previousCampaignId for a rollback, the campaign it rolls back; otherwise null
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param startedAt when it started running, or null
 * @param finishedAt when it reached a final state, or null
 * @param window the hours in which it starts devices, or null for any time (also a campaign stored before windows)
 */
public record Campaign(String id, String name, String firmwareId, String targetVersion, CampaignTarget target,
        List<Integer> waves, List<Integer> waveEnds, int failureThreshold, int maxConcurrent, Duration deviceWait,
        Instant startAt, boolean mandatory, CampaignState state, String stateReason, int currentWave, CampaignTotals totals,
        int excluded, String previousCampaignId, Instant createdAt, Instant updatedAt, Instant startedAt,
        Instant finishedAt, MaintenanceWindow window) {

    /** A campaign without a maintenance window. */
    public Campaign(String id, String name, String firmwareId, String targetVersion, CampaignTarget target,
            List<Integer> waves, List<Integer> waveEnds, int failureThreshold, int maxConcurrent, Duration deviceWait,
            Instant startAt, boolean mandatory, CampaignState state, String stateReason, int currentWave,
            CampaignTotals totals, int excluded, String previousCampaignId, Instant createdAt, Instant updatedAt,
            Instant startedAt, Instant finishedAt) {
        this(id, name, firmwareId, targetVersion, target, waves, waveEnds, failureThreshold, maxConcurrent, deviceWait,
                startAt, mandatory, state, stateReason, currentWave, totals, excluded, previousCampaignId, createdAt,
                updatedAt, startedAt, finishedAt, null);
    }

    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firmwareId, "firmwareId");
        Objects.requireNonNull(target, "target");
        waves = List.copyOf(waves);
        waveEnds = List.copyOf(waveEnds);
        deviceWait = deviceWait == null ? CampaignRules.DEFAULT_DEVICE_WAIT : deviceWait;
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return this campaign in {@code newState} for {@code reason} (may be null), changed at {@code now}. */
    public Campaign withState(CampaignState newState, String reason, Instant now) {
        Instant started = startedAt == null && newState == CampaignState.RUNNING ? now : startedAt;
        Instant finished = newState.isFinal() ? now : finishedAt;
        return new Campaign(id, name, firmwareId, targetVersion, target, waves, waveEnds, failureThreshold,
                maxConcurrent, deviceWait, startAt, mandatory, newState, reason, currentWave, totals, excluded,
                previousCampaignId, createdAt, now, started, finished, window);
    }

    /** @return this campaign with other totals. */
    public Campaign withTotals(CampaignTotals newTotals, Instant now) {
        return new Campaign(id, name, firmwareId, targetVersion, target, waves, waveEnds, failureThreshold,
                maxConcurrent, deviceWait, startAt, mandatory, state, stateReason, currentWave, newTotals, excluded,
                previousCampaignId, createdAt, now, startedAt, finishedAt, window);
    }

    /** @return this campaign running wave {@code wave}. */
    public Campaign withCurrentWave(int wave, Instant now) {
        return new Campaign(id, name, firmwareId, targetVersion, target, waves, waveEnds, failureThreshold,
                maxConcurrent, deviceWait, startAt, mandatory, state, stateReason, wave, totals, excluded,
                previousCampaignId, createdAt, now, startedAt, finishedAt, window);
    }

    /** @return the number of devices of wave {@code wave}. */
    public int waveSize(int wave) {
        return waveEnds.get(wave) - (wave == 0 ? 0 : waveEnds.get(wave - 1));
    }
}
