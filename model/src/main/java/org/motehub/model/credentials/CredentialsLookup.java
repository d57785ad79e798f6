// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.credentials;

import java.util.Optional;

/**
 * The read-only view of credentials that the DTLS handshake uses. It hands out a key only to devices that may
 * connect: suspended and decommissioned devices get none, so their handshake fails.
 */
public interface CredentialsLookup {

    /** @return the credentials using this PSK identity, if its device may connect. */
    Optional<PskCredentials> findByIdentity(String identity);

    /** @return the credentials of the device with this endpoint, if it may connect. */
    Optional<PskCredentials> findByEndpoint(String endpoint);
}
