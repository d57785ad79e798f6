// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Motehub sets up on every device of a kind: the paths to observe with their notification attributes, how to
 * observe them, and the registration settings the device should use. Stored versioned: every change increments
 * {@code version}, which the REST API exposes as the ETag.
 *
 * @param name the unique name, the key of the profile
 * @param deviceType the kind of device it is meant for (free text such as {@code thermo-v2}), or null
 * @param observe the paths to observe, never null, possibly empty
 * @param compositeObserve whether to observe all paths with one Observe-Composite on LwM2M 1.1 devices (LwM2M 1.0
 *        devices get one Observe per path)
 * @param contentFormat the preferred content format name ({@code SENML_CBOR}, {@code SENML_JSON}, {@code TLV},
 *        {@code LWM2M_CBOR}), or null to let the server choose
 * @param queueMode whether devices of this profile are expected to use queue mode, or null for no expectation
 * @param lifetimeSeconds the registration lifetime devices should use, or null to leave theirs
 * @param version 1 on creation, incremented by every update
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record DeviceProfile(String name, String deviceType, List<ObservedPath> observe, boolean compositeObserve,
        String contentFormat, Boolean queueMode, Long lifetimeSeconds, long version, Instant createdAt,
        Instant updatedAt) {

    /**
     * @throws NullPointerException if {@code name}, {@code createdAt} or {@code updatedAt} is null
     */
    public DeviceProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        observe = observe == null ? List.of() : List.copyOf(observe);
    }

    /** @return the observed paths, in profile order. */
    public List<String> paths() {
        return observe.stream().map(ObservedPath::path).toList();
    }
}
