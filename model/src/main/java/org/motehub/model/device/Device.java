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
 */
public record Device(String endpoint, String name, DeviceState state, boolean online, Instant lastSeen,
        Instant createdAt, Instant updatedAt) {

    public Device {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @return a new device in {@code PROVISIONING}, offline and never seen. */
    public static Device provisioning(String endpoint, String name, Instant now) {
        return new Device(endpoint, name, DeviceState.PROVISIONING, false, null, now, now);
    }

    public Device withState(DeviceState newState, Instant now) {
        return new Device(endpoint, name, newState, online, lastSeen, createdAt, now);
    }

    public Device withName(String newName, Instant now) {
        return new Device(endpoint, newName, state, online, lastSeen, createdAt, now);
    }

    /** @return this device marked online or offline, seen at {@code now}. */
    public Device seen(boolean isOnline, Instant now) {
        return new Device(endpoint, name, state, isOnline, now, createdAt, now);
    }
}
