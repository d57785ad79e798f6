// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.util.List;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;

/**
 * The bootstrap side of the device registry: records what happens in bootstraps, issues fresh DM credentials to a
 * bootstrapping device, switches a device to them once it registers with them, rotates them on request, and keeps
 * the per-type bootstrap profiles. Events about unknown endpoints are ignored (logged), so that strangers cannot
 * fill the store.
 */
public interface BootstrapService {

    /** A device's bootstrap attempt was refused before any session (at the DTLS handshake) for {@code reason}. */
    void refused(String endpoint, String reason);

    /** A device's Bootstrap-Request was accepted: a session starts. */
    void started(String endpoint);

    /** A device's session finished: it acknowledged Bootstrap-Finish. */
    void succeeded(String endpoint);

    /** A device's session failed for {@code reason}. */
    void failed(String endpoint, String reason);

    /**
     * Generates fresh DM credentials (a new identity and a random key) and stores them as the device's pending ones,
     * next to its current ones, which stay valid until the device registers with the new ones.
     *
     * @throws NotFoundException if the device does not exist
     */
    PskCredentials issueCredentials(String endpoint);

    /**
     * The device registered at the DM server with PSK {@code identity}: if that is its pending identity, the pending
     * credentials become current and the old ones are forgotten (and a requested rotation is complete).
     *
     * @return whether the device switched to new credentials
     */
    boolean registered(String endpoint, String identity);

    /**
     * Asks for new DM credentials: the device bootstraps again, through a queued Bootstrap-Request Trigger when it
     * supports one, otherwise at its next bootstrap. Its current credentials stay valid until it registers with new
     * ones, so a device that misses the rotation is never locked out.
     *
     * @throws NotFoundException if the device does not exist
     * @throws ConflictException if the device has no bootstrap credentials or may not connect
     */
    Rotation requestRotation(String endpoint);

    /**
     * @throws NotFoundException if the device does not exist
     */
    BootstrapInfo info(String endpoint);

    /** @return the profile that applies to the device: its type's, else the default one. */
    BootstrapProfile profileOf(String endpoint);

    /** @return the profile of a type, else the default one. */
    BootstrapProfile profile(String type);

    /** @return the stored profiles, the default one included. */
    List<BootstrapProfile> profiles();

    /**
     * Adds or replaces a profile.
     *
     * @throws InvalidInputException naming each bad field
     */
    BootstrapProfile putProfile(BootstrapProfile profile);
}
