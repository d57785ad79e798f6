// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.util.List;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;

/**
 * Persists devices together with their credentials, so that a device and its key are written, and erased,
 * atomically. Implementations are thread-safe; read-modify-write sequences are the caller's to serialize.
 */
public interface DeviceStore {

    /**
     * Adds a device and its DM credentials in one atomic write.
     *
     * @throws ConflictException naming {@code endpoint} or {@code credentials.identity} when either is taken
     */
    default void insert(Device device, PskCredentials credentials) {
        insert(new DeviceRecord(device, credentials, null));
    }

    /**
     * Adds a device with its DM and/or bootstrap credentials in one atomic write.
     *
     * @throws ConflictException naming {@code endpoint}, {@code credentials.identity} or
     *         {@code bootstrapCredentials.identity} when one is taken
     */
    void insert(DeviceRecord record);

    /**
     * Adds many devices in one atomic write: all of them, or none when any endpoint or identity is taken (by a
     * stored device or by another record of the list).
     *
     * @throws ConflictException naming every clash as {@code [index].endpoint}, {@code [index].credentials.identity}
     *         or {@code [index].bootstrapCredentials.identity}, index being the record's position in the list
     */
    void insertAll(List<DeviceRecord> records);

    /** @return the device with this endpoint, if any. */
    Optional<Device> find(String endpoint);

    /**
     * Replaces a stored device record.
     *
     * @throws NotFoundException if no device has this endpoint
     */
    void update(Device device);

    /**
     * Replaces a device record with one whose presence changed ({@code online}, {@code lastSeen}, the ACTIVE of a
     * first registration): {@link #find} and {@link #list} return it at once, and it reaches the disk with the other
     * presence changes at the next {@link #writePresence()}, in one write. A crash before that loses the change; the
     * registrations, which are written before they are acknowledged, tell it again at start-up (the server reconciles
     * presence with them), so a storm of registrations costs one disk write each instead of two.
     *
     * @throws NotFoundException if no device has this endpoint
     */
    void updatePresence(Device device);

    /**
     * Writes the presence changes recorded by {@link #updatePresence} and not yet written, in one atomic write. The
     * server calls it every few milliseconds and before it closes the store.
     *
     * @return how many device records were written
     */
    int writePresence();

    /**
     * Replaces a stored device record and erases all its credentials (DM, pending and bootstrap, with their identity
     * indexes) in one atomic write.
     *
     * @throws NotFoundException if no device has this endpoint
     */
    void updateAndEraseCredentials(Device device);

    /**
     * @param afterEndpoint start strictly after this endpoint, or null to start at the first
     * @param max the maximum number of devices to return
     * @return devices in endpoint order
     */
    List<Device> list(String afterEndpoint, int max);

    /** @return the number of devices stored. */
    long count();

    /**
     * @return the DM credentials of the device with this endpoint: its current ones, or its pending ones when it has
     *         never registered with any
     */
    Optional<PskCredentials> findCredentials(String endpoint);

    /** @return the DM credentials, current or pending, that use this PSK identity, if any. */
    Optional<PskCredentials> findCredentialsByIdentity(String identity);

    /** @return the pending DM credentials of a device: issued by the bootstrap server, not yet used to register. */
    Optional<PskCredentials> findPendingCredentials(String endpoint);

    /**
     * Stores new DM credentials as the device's pending ones, next to its current ones, replacing (and un-indexing)
     * earlier pending credentials. Both current and pending identities resolve until {@link
     * #promotePendingCredentials(String, String)}.
     *
     * @throws NotFoundException if no device has this endpoint
     * @throws ConflictException naming {@code credentials.identity} when the identity is used by other credentials
     */
    void putPendingCredentials(PskCredentials credentials);

    /**
     * Makes the pending credentials current when they use {@code identity}, and forgets the previous current ones
     * and their identity, in one atomic write.
     *
     * @return true if the pending credentials with this identity were promoted, false if there were none
     */
    boolean promotePendingCredentials(String endpoint, String identity);

    /** @return the bootstrap credentials of the device with this endpoint, if it has any. */
    Optional<PskCredentials> findBootstrapCredentials(String endpoint);

    /** @return the bootstrap credentials that use this PSK identity, if any. */
    Optional<PskCredentials> findBootstrapCredentialsByIdentity(String identity);
}
