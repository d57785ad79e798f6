// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.Optional;

/**
 * Hears changes that alter what should be observed on devices. Callbacks run on the thread that made the change and
 * must return quickly (hand the work to an executor).
 */
public interface ProfileListener {

    /**
     * A profile was replaced; every device that uses it should follow.
     *
     * @param profile the profile as it is now
     */
    void profileChanged(DeviceProfile profile);

    /**
     * A device got another profile, or lost its profile.
     *
     * @param endpoint the device
     * @param profile its profile now, empty when it has none
     */
    void deviceProfileChanged(String endpoint, Optional<DeviceProfile> profile);
}
