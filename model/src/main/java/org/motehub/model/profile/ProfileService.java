// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.PreconditionFailedException;
import org.motehub.model.device.Device;

/**
 * Device profiles: their life cycle (create, read, replace with optimistic locking, delete while unused) and which
 * device uses which profile. Listeners hear every change that alters what should be observed.
 */
public interface ProfileService {

    /**
     * @throws InvalidInputException naming each malformed field
     * @throws ConflictException naming {@code name} when the name is taken
     */
    DeviceProfile create(ProfileInput input);

    /** @return the profile with this name, if any. */
    Optional<DeviceProfile> find(String name);

    /**
     * @throws NotFoundException if no profile has this name
     */
    DeviceProfile get(String name);

    /** @return one page of profiles in name order. */
    Page<DeviceProfile> list(PageRequest page);

    /**
     * Replaces a profile's content; its name stays.
     *
     * @param expectedVersion the version the caller read (its ETag), or null to replace whatever is stored
     * @throws NotFoundException if no profile has this name
     * @throws InvalidInputException naming each malformed field, or {@code name} when the input names another profile
     * @throws PreconditionFailedException when {@code expectedVersion} is not the stored version
     */
    DeviceProfile replace(String name, ProfileInput input, Long expectedVersion);

    /**
     * Deletes a profile that no device uses.
     *
     * @throws NotFoundException if no profile has this name
     * @throws ConflictException when a device uses it
     */
    void delete(String name);

    /**
     * Gives a device a profile, or takes its profile away.
     *
     * @param profile the profile name, or null for none
     * @return the device as it is now
     * @throws NotFoundException if no device has this endpoint
     * @throws InvalidInputException naming {@code profile} when no profile has this name
     */
    Device assign(String endpoint, String profile);

    /** Adds a listener of profile changes. */
    void addListener(ProfileListener listener);
}
