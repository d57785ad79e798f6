// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.List;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;
import org.motehub.model.PreconditionFailedException;

/**
 * Where device profiles are kept, keyed by name. Replacing is a compare-and-set on the profile's version, so two
 * operators editing the same profile cannot overwrite each other silently.
 */
public interface ProfileStore {

    /**
     * Adds a profile.
     *
     * @throws ConflictException naming {@code name} when a profile with this name exists
     */
    void insert(DeviceProfile profile);

    /** @return the profile with this name, if any. */
    Optional<DeviceProfile> find(String name);

    /** @return up to {@code max} profiles in name order, starting after {@code afterName} (null: from the first). */
    List<DeviceProfile> list(String afterName, int max);

    /**
     * Replaces a stored profile when its stored version is {@code expectedVersion}.
     *
     * @throws NotFoundException if no profile has this name
     * @throws PreconditionFailedException if the stored version is not {@code expectedVersion}
     */
    void replace(DeviceProfile profile, long expectedVersion);

    /** @return whether a profile with this name was there and is now deleted. */
    boolean delete(String name);
}
