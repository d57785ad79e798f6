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
     * Adds a device and its credentials in one atomic write.
     *
     * @throws ConflictException naming {@code endpoint} or {@code credentials.identity} when either is taken
     */
    void insert(Device device, PskCredentials credentials);

    /** @return the device with this endpoint, if any. */
    Optional<Device> find(String endpoint);

    /**
     * Replaces a stored device record.
     *
     * @throws NotFoundException if no device has this endpoint
     */
    void update(Device device);

    /**
     * Replaces a stored device record and erases its credentials (and identity index) in one atomic write.
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

    /** @return the credentials of the device with this endpoint, if it has any. */
    Optional<PskCredentials> findCredentials(String endpoint);

    /** @return the credentials that use this PSK identity, if any. */
    Optional<PskCredentials> findCredentialsByIdentity(String identity);
}
