// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Persists campaigns, their device rows and their exclusions. A campaign and the rows that changed with it are
 * written in one atomic write, so its totals always match its rows.
 */
public interface CampaignStore {

    /** Stores a new campaign with all its device rows and exclusions at once. */
    void create(Campaign campaign, List<CampaignDevice> devices, List<Exclusion> exclusions);

    /** Replaces a campaign and the given rows of it, atomically. */
    void save(Campaign campaign, Collection<CampaignDevice> changedDevices);

    /** @return the campaign with this id, if any. */
    Optional<Campaign> find(String id);

    /**
     * @param afterId start strictly after this id, or null for the oldest
     * @return campaigns, oldest first
     */
    List<Campaign> list(String afterId, int max);

    /** @return the device row of {@code endpoint} in the campaign, if any. */
    Optional<CampaignDevice> findDevice(String campaignId, String endpoint);

    /**
     * @param afterEndpoint start strictly after this endpoint, or null for the first
     * @return the campaign's device rows in endpoint order
     */
    List<CampaignDevice> devices(String campaignId, String afterEndpoint, int max);

    /** @return every device row of the campaign, in endpoint order. */
    default List<CampaignDevice> allDevices(String campaignId) {
        return devices(campaignId, null, Integer.MAX_VALUE);
    }

    /** @return the campaign's exclusions in endpoint order. */
    List<Exclusion> exclusions(String campaignId);
}
