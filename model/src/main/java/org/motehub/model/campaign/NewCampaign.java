// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an operator supplies to create a campaign; validated by {@link CampaignService#create}, which names each bad
 * field. Null optional fields take their defaults.
 *
 * @param name a name for people
 * @param firmwareId the image to roll out
 * @param target which devices
 * @param waves cumulative percentages, default {@code [1, 10, 50, 100]}
 * @param failureThreshold percentage of a wave's devices that may fail, default 10
 * @param maxConcurrent the most devices updating at once, default 50
 * @param startAt when to start running once started, or null for at once
 * @param mandatory whether the image is mandatory, default the image's own flag
 * @param deviceWait how long a device's update may wait for the device to come online before the device is skipped,
 *        default {@link CampaignRules#DEFAULT_DEVICE_WAIT} (24 h)
 * @param window the hours in which devices may be started, or null for any time
 */
public record NewCampaign(String name, String firmwareId, CampaignTarget target, List<Integer> waves,
        Integer failureThreshold, Integer maxConcurrent, Instant startAt, Boolean mandatory, Duration deviceWait,
        MaintenanceWindow window) {

    /** A request without a maintenance window. */
    public NewCampaign(String name, String firmwareId, CampaignTarget target, List<Integer> waves,
            Integer failureThreshold, Integer maxConcurrent, Instant startAt, Boolean mandatory, Duration deviceWait) {
        this(name, firmwareId, target, waves, failureThreshold, maxConcurrent, startAt, mandatory, deviceWait, null);
    }

    /** A request with the default {@code deviceWait}. */
    public NewCampaign(String name, String firmwareId, CampaignTarget target, List<Integer> waves,
            Integer failureThreshold, Integer maxConcurrent, Instant startAt, Boolean mandatory) {
        this(name, firmwareId, target, waves, failureThreshold, maxConcurrent, startAt, mandatory, null, null);
    }
}
