// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.List;

/**
 * What an operator supplies to create or replace a profile; validated by {@link ProfileService}. The fields are
 * those of {@link DeviceProfile} without the bookkeeping.
 *
 * @param name the profile name; on a replace, it must be absent or equal to the name in the URL
 * @param deviceType the kind of device, or null
 * @param observe the paths to observe with their attributes, or null for none
 * @param compositeObserve whether to use Observe-Composite on LwM2M 1.1 devices, null for false
 * @param contentFormat the preferred content format name, or null
 * @param queueMode whether devices are expected to use queue mode, or null
 * @param lifetimeSeconds the registration lifetime devices should use, or null
 */
public record ProfileInput(String name, String deviceType, List<ObservedPath> observe, Boolean compositeObserve,
        String contentFormat, Boolean queueMode, Long lifetimeSeconds) {
}
