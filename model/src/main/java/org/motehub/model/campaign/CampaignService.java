// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.List;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;

/**
 * Phased firmware campaigns: created with their devices selected and split into waves, then started, paused,
 * resumed, cancelled or rolled back by operators. The {@link CampaignRunner} runs them.
 */
public interface CampaignService {

    /**
     * Creates a DRAFT campaign: selects the devices of its target, lists the excluded ones with the reason, and
     * assigns the others to waves.
     *
     * @throws InvalidInputException naming each bad field (also an unknown firmware, or a target selecting nothing)
     * @throws ConflictException if the image is blocked
     */
    Campaign create(NewCampaign request);

    /** @return the campaign with this id, if any. */
    Optional<Campaign> find(String id);

    /** @throws NotFoundException if there is no such campaign */
    Campaign get(String id);

    /** @return one page of campaigns, oldest first. */
    Page<Campaign> list(PageRequest page);

    /**
     * @param status only devices in this status, or null for all
     * @return one page of the campaign's devices, in endpoint order
     * @throws NotFoundException if there is no such campaign
     */
    Page<CampaignDevice> devices(String id, CampaignDeviceStatus status, PageRequest page);

    /** @return the devices its target selected that do not take part, with why; in endpoint order. */
    List<Exclusion> exclusions(String id);

    /**
     * Starts a DRAFT campaign: SCHEDULED until its start time, else RUNNING.
     *
     * @throws ConflictException if it is not a DRAFT, or its image is blocked
     */
    Campaign start(String id);

    /** Pauses a RUNNING campaign: no new device starts; updates in flight finish. @throws ConflictException */
    Campaign pause(String id);

    /** Resumes a PAUSED campaign. @throws ConflictException if it is not PAUSED */
    Campaign resume(String id);

    /**
     * Cancels a campaign that is not finished: pending devices are cancelled, unfinished updates too.
     *
     * @throws ConflictException if it is already COMPLETED, ABORTED or CANCELLED
     */
    Campaign cancel(String id);

    /**
     * Creates and starts a campaign back to the version the devices ran before, for exactly the devices that
     * succeeded in this one (one wave, 100 %).
     *
     * @throws ConflictException if the campaign is not finished, or no device succeeded, or no previous image exists
     */
    Campaign rollback(String id);

    /** Adds a listener of campaign changes. */
    void addListener(CampaignListener listener);
}
