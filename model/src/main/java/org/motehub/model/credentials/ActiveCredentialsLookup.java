// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.credentials;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.device.DeviceStore;

/**
 * {@link CredentialsLookup} on the device store that hands out a key only while the device's lifecycle state lets it
 * connect, so suspended and decommissioned devices fail the DTLS handshake.
 */
public class ActiveCredentialsLookup implements CredentialsLookup {

    private final DeviceStore store;

    /**
     * @throws NullPointerException if {@code store} is null
     */
    public ActiveCredentialsLookup(DeviceStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<PskCredentials> findByIdentity(String identity) {
        return store.findCredentialsByIdentity(identity).filter(this::mayConnect);
    }

    @Override
    public Optional<PskCredentials> findByEndpoint(String endpoint) {
        return store.findCredentials(endpoint).filter(this::mayConnect);
    }

    private boolean mayConnect(PskCredentials credentials) {
        return store.find(credentials.endpoint()).map(d -> d.state().mayConnect()).orElse(false);
    }
}
