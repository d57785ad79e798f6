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
 */
public record Device(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
        Instant createdAt, Instant updatedAt, String type) {

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

    /** @return a new device in {@code PROVISIONING}, offline and never seen. */
    public static Device provisioning(String endpoint, String name, Instant now) {
        return provisioning(endpoint, name, null, now);
    }

    /** @return a new device of {@code type} (may be null) in {@code PROVISIONING}, offline and never seen. */
    public static Device provisioning(String endpoint, String name, String type, Instant now) {
        return new Device(endpoint, name, DeviceState.PROVISIONING, false, null, now, now, type);
    }

    public Device withState(DeviceState newState, Instant now) {
        return new Device(endpoint, name, newState, online, lastSeen, createdAt, now, type);
    }

    public Device withName(String newName, Instant now) {
        return new Device(endpoint, newName, state, online, lastSeen, createdAt, now, type);
    }

    /** @return this device marked online or offline, seen at {@code now}. */
    public Device seen(boolean isOnline, Instant now) {
        return new Device(endpoint, name, state, isOnline, now, createdAt, now, type);
    }
}
