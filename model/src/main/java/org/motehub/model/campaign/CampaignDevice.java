// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStatus;

/**
 * One device of a campaign. Its {@code updateId} is reserved and stored (status IN_PROGRESS, {@code step} null)
 * before the update is started with that id, so that a restart at any moment finds the update or starts it with the
 * same id, and never starts a second one.
 *
 * @param campaignId the campaign
 * @param endpoint the device
 * @param wave the index of its wave, from 0
 * @param status where it is in the campaign
 * @param updateId the id of its firmware update (reserved before the start), or null while PENDING or if skipped
 *        (except a device of a mandatory campaign skipped while offline, whose update stays queued)
 * @param step the status of its firmware update, or null while none is confirmed started
 * @param percent the download progress of its update, 0..100
 * @param previousVersion the version it ran before its update, or null if unknown
 * @param reason why it failed, was skipped or cancelled, or null
 * @param updatedAt when this row last changed
 */
public record CampaignDevice(String campaignId, String endpoint, int wave, CampaignDeviceStatus status,
        String updateId, FirmwareUpdateStatus step, int percent, String previousVersion, String reason,
        Instant updatedAt) {

    public CampaignDevice {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * How the reason of an update the campaign cancelled because its device stayed offline past the campaign's
     * {@code deviceWait} starts; such an update makes its device SKIPPED, not CANCELLED, also when a restart reads it
     * back from the update alone.
     */
    public static final String OFFLINE_REASON_PREFIX = "device did not come online within ";

    /** @return the reason of a device skipped after waiting {@code deviceWait} for it, e.g. {@code ... within PT24H}. */
    public static String offlineReason(Duration deviceWait) {
        return OFFLINE_REASON_PREFIX + deviceWait;
    }

    /**
     * @return the reason of a device of a mandatory campaign skipped after waiting {@code deviceWait} for it, whose
     *         update stays queued (PENDING) for when it comes back
     */
    public static String queuedReason(Duration deviceWait) {
        return "offline past " + deviceWait + "; its update stays queued because the campaign is mandatory";
    }

    /** @return a device waiting for its wave. */
    public static CampaignDevice pending(String campaignId, String endpoint, int wave, Instant now) {
        return new CampaignDevice(campaignId, endpoint, wave, CampaignDeviceStatus.PENDING, null, null, 0, null, null,
                now);
    }

    /** @return this device IN_PROGRESS with {@code id} reserved for its update, not yet confirmed started. */
    public CampaignDevice reserved(String id, Instant now) {
        return new CampaignDevice(campaignId, endpoint, wave, CampaignDeviceStatus.IN_PROGRESS, id, null, 0, null,
                null, now);
    }

    /** @return this device back to PENDING (its reserved update was never created). */
    public CampaignDevice unreserved(Instant now) {
        return pending(campaignId, endpoint, wave, now);
    }

    /** @return this device finished with {@code status} for {@code why}. */
    public CampaignDevice finished(CampaignDeviceStatus finalStatus, String why, Instant now) {
        return new CampaignDevice(campaignId, endpoint, wave, finalStatus,
                finalStatus == CampaignDeviceStatus.SKIPPED ? null : updateId, step, percent, previousVersion, why,
                now);
    }

    /**
     * @return this device SKIPPED for {@code why} while its update stays queued: unlike {@link #finished}, the row
     *         keeps the update's id so that the update can be found (and cancelled with the campaign)
     */
    public CampaignDevice skippedQueued(String why, Instant now) {
        return new CampaignDevice(campaignId, endpoint, wave, CampaignDeviceStatus.SKIPPED, updateId, step, percent,
                previousVersion, why, now);
    }

    /** @return whether its update id is reserved but the update not yet confirmed created. */
    public boolean isReservedOnly() {
        return status == CampaignDeviceStatus.IN_PROGRESS && step == null;
    }

    /** @return this device following {@code update} (its own), which may be finished. */
    public CampaignDevice following(FirmwareUpdate update, Instant now) {
        CampaignDeviceStatus next;
        switch (update.status()) {
        case SUCCEEDED:
            next = CampaignDeviceStatus.SUCCEEDED;
            break;
        case FAILED:
            next = CampaignDeviceStatus.FAILED;
            break;
        case CANCELLED:
            next = update.failureReason() != null && update.failureReason().startsWith(OFFLINE_REASON_PREFIX)
                    ? CampaignDeviceStatus.SKIPPED : CampaignDeviceStatus.CANCELLED;
            break;
        default:
            next = CampaignDeviceStatus.IN_PROGRESS;
        }
        CampaignDevice changed = new CampaignDevice(campaignId, endpoint, wave, next, update.id(), update.status(),
                update.percent(), update.previousVersion(), update.failureReason(), updatedAt);
        return changed.equals(this) ? this : new CampaignDevice(campaignId, endpoint, wave, next, update.id(),
                update.status(), update.percent(), update.previousVersion(), update.failureReason(), now);
    }
}
