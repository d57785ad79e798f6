// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

/**
 * Hears campaigns change (state, wave, totals), for the event stream. Callbacks run on the changing thread after the
 * change is stored and must return quickly.
 */
public interface CampaignListener {

    /** {@code campaign} was stored in its new state. */
    void campaignChanged(Campaign campaign);
}
