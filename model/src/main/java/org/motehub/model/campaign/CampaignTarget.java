// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which devices a campaign selects: exactly one of a list of endpoints, a device profile name or a device type.
 *
 * @param endpoints the devices by endpoint, or null
 * @param profile the name of a device profile: every device using it, or null
 * @param deviceType a device type: every device of that type, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignTarget(List<String> endpoints, String profile, String deviceType) {

    public CampaignTarget {
        endpoints = endpoints == null ? null : List.copyOf(endpoints);
    }

    /** @return a target of exactly these devices. */
    public static CampaignTarget ofEndpoints(List<String> endpoints) {
        return new CampaignTarget(endpoints, null, null);
    }

    /** @return a target of every device using {@code profile}. */
    public static CampaignTarget ofProfile(String profile) {
        return new CampaignTarget(null, profile, null);
    }

    /** @return a target of every device of {@code deviceType}. */
    public static CampaignTarget ofDeviceType(String deviceType) {
        return new CampaignTarget(null, null, deviceType);
    }
}
