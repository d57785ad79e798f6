// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.time.Instant;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;

/**
 * The device registry: creation with credentials, lookups, lifecycle changes requested by operators, and the
 * presence facts (registered, updated, deregistered) reported by the LwM2M server.
 */
public interface DeviceService {

    /**
     * Creates a device in {@code PROVISIONING} with its PSK credentials.
     *
     * @throws InvalidInputException naming each malformed field
     * @throws ConflictException when the endpoint or the PSK identity is already used
     */
    Device create(NewDevice request);

    /** @return the device with this endpoint, if any. */
    Optional<Device> find(String endpoint);

    /**
     * @throws NotFoundException if no device has this endpoint
     */
    Device get(String endpoint);

    /** @return the number of devices in the registry. */
    long count();

    /** @return one page of devices matching the query, in endpoint order. */
    Page<Device> list(DeviceQuery query);

    /**
     * Changes a device's display name and/or lifecycle state; moving to {@code DECOMMISSIONED} erases its
     * credentials.
     *
     * @param name the new name, or null to keep it
     * @param state the new state, or null to keep it
     * @throws NotFoundException if no device has this endpoint
     * @throws ConflictException when the state change is not an allowed transition
     * @throws InvalidInputException when the name is malformed
     */
    Device patch(String endpoint, String name, DeviceState state);

    /**
     * Decommissions a device and erases its credentials; the record stays. Idempotent.
     *
     * @throws NotFoundException if no device has this endpoint
     */
    Device decommission(String endpoint);

    /**
     * Records the device profile a device uses. Only the profile service calls this, after checking the profile
     * exists; everyone else goes through {@code ProfileService.assign}.
     *
     * @param profile the profile name, or null for none
     * @return the device as it is now
     * @throws NotFoundException if no device has this endpoint
     */
    Device setProfile(String endpoint, String profile);

    /** The device registered at {@code at}: it becomes online, and ACTIVE if it was PROVISIONING. */
    void registered(String endpoint, Instant at);

    /** The device updated its registration (or otherwise proved alive) at {@code at}. */
    void updated(String endpoint, Instant at);

    /** The device deregistered, or its registration was removed, at {@code at}. */
    void unregistered(String endpoint, Instant at);

    /** The device's registration lifetime ran out without an update; noticed at {@code at}. */
    void expired(String endpoint, Instant at);

    /** Adds a listener of lifecycle and presence changes. */
    void addListener(DeviceListener listener);
}
