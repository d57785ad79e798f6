// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.security;

import java.util.Objects;

import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;
import org.motehub.model.credentials.CredentialsLookup;
import org.motehub.model.credentials.PskCredentials;

/**
 * Leshan {@link SecurityStore} over Motehub's credentials. It is read-only: credentials change through the device
 * registry, never through Leshan. Because the lookup refuses suspended and decommissioned devices, their DTLS
 * handshake fails and their registration requests are rejected.
 */
public class CredentialsSecurityStore implements SecurityStore {

    private final CredentialsLookup credentials;

    /**
     * @throws NullPointerException if {@code credentials} is null
     */
    public CredentialsSecurityStore(CredentialsLookup credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        return credentials.findByEndpoint(endpoint).map(CredentialsSecurityStore::toSecurityInfo).orElse(null);
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return credentials.findByIdentity(pskIdentity).map(CredentialsSecurityStore::toSecurityInfo).orElse(null);
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        // OSCORE is not offered: no device has OSCORE credentials.
        return null;
    }

    static SecurityInfo toSecurityInfo(PskCredentials c) {
        return SecurityInfo.newPreSharedKeyInfo(c.endpoint(), c.identity(), c.key());
    }
}
