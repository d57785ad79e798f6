// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.time.Instant;
import java.util.Optional;

/**
 * Persists the download links of pull deliveries, so that a device resumes its download after a server restart with
 * the Package URI it was given. Links are few (one per device updating) and short-lived.
 */
public interface FirmwareLinkStore {

    /**
     * Creates and stores a link with a new random token.
     *
     * @throws NullPointerException if an argument is null
     */
    FirmwareLink create(String endpoint, String updateId, String firmwareId, Instant expiresAt);

    /** @return the link with this token, expired or not, if it has not been deleted. */
    Optional<FirmwareLink> find(String token);

    /** @return the links made for this update. */
    java.util.List<FirmwareLink> forUpdate(String updateId);

    /** Deletes a link; nothing happens if there is none. */
    void delete(String token);

    /** Deletes every link of an update; returns how many. */
    int deleteForUpdate(String updateId);

    /** Deletes every link that expired before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
