// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A device of the registry, keyed by its LwM2M endpoint name. Immutable: changes produce a new record through the
 * {@code with*} methods.
 *
 * @param endpoint the LwM2M endpoint name, unique
 * @param name a display name (may equal the endpoint)
 * @param state the lifecycle state
 * @param online whether the device currently holds a live registration
 * @param lastSeen when the device last registered, updated or deregistered; {@code null} if never
 * @param createdAt when the device was created
 * @param updatedAt when the record last changed
 * @param type the device type (a product or profile name such as {@code tracker-v2}), or null
 * @param profile the name of the device profile it uses (what to observe), or null; absent in records stored
 *        before profiles existed, which read back as null
 */
public record Device(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
        Instant createdAt, Instant updatedAt, String type, String profile) {

    public Device {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A device without a type. */
    public Device(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
            Instant createdAt, Instant updatedAt) {
        this(endpoint, name, state, online, lastSeen, createdAt, updatedAt, null);
    }

    /** A device without a profile. */
    public Device(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
            Instant createdAt, Instant updatedAt, String type) {
        this(endpoint, name, state, online, lastSeen, createdAt, updatedAt, type, null);
    }

    /** @return a new device in {@code PROVISIONING}, offline and never seen. */
    public static Device provisioning(String endpoint, String name, Instant now) {
        return provisioning(endpoint, name, null, now);
    }

    /** @return a new device of {@code type} (may be null) in {@code PROVISIONING}, offline and never seen. */
    public static Device provisioning(String endpoint, String name, String type, Instant now) {
        return new Device(endpoint, name, DeviceState.PROVISIONING, false, null, now, now, type, null);
    }

    public Device withState(DeviceState newState, Instant now) {
        return new Device(endpoint, name, newState, online, lastSeen, createdAt, now, type, profile);
    }

    public Device withName(String newName, Instant now) {
        return new Device(endpoint, newName, state, online, lastSeen, createdAt, now, type, profile);
    }

    /** @return this device marked online or offline, seen at {@code now}. */
    public Device seen(boolean isOnline, Instant now) {
        return new Device(endpoint, name, state, isOnline, now, createdAt, now, type, profile);
    }

    /** @return this device using the profile named {@code newProfile} (null for none), changed at {@code now}. */
    public Device withProfile(String newProfile, Instant now) {
        return new Device(endpoint, name, state, online, lastSeen, createdAt, now, type, newProfile);
    }
}
