// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.profile;

import java.time.Instant;
import java.util.List;

import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.ObservedPath;

/**
 * The JSON shape of a device profile. {@code version} is also the profile's ETag.
 *
 * @param name the unique name
 * @param deviceType the kind of device, or null
 * @param observe the observed paths; each attribute appears only when set
 * @param compositeObserve whether LwM2M 1.1 devices get one Observe-Composite
 * @param contentFormat the preferred content format, or null
 * @param queueMode whether devices are expected to use queue mode, or null
 * @param lifetimeSeconds the registration lifetime devices should use, or null
 * @param version the version, incremented by every replace
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ProfileView(String name, String deviceType, List<ObservedPath> observe, boolean compositeObserve,
        String contentFormat, Boolean queueMode, Long lifetimeSeconds, long version, Instant createdAt,
        Instant updatedAt) {

    /** @return the view of {@code p}. */
    public static ProfileView of(DeviceProfile p) {
        return new ProfileView(p.name(), p.deviceType(), p.observe(), p.compositeObserve(), p.contentFormat(),
                p.queueMode(), p.lifetimeSeconds(), p.version(), p.createdAt(), p.updatedAt());
    }
}
