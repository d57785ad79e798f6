// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.util.Iterator;
import java.util.Objects;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.BootstrapAuthorizer;
import org.eclipse.leshan.server.security.BootstrapSecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.motehub.model.bootstrap.BootstrapService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a Bootstrap-Request only over DTLS with the bootstrap PSK identity of the endpoint it names. Unlike Leshan's
 * default, a device without bootstrap credentials is refused rather than let in unauthenticated: the bootstrap
 * server hands out DM keys, so it must know who asks. Refusals are recorded in the device's bootstrap history.
 */
public class RegistryBootstrapAuthorizer implements BootstrapAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryBootstrapAuthorizer.class);

    private final BootstrapSecurityStore store;
    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if an argument is null
     */
    public RegistryBootstrapAuthorizer(BootstrapSecurityStore store, BootstrapService bootstrap) {
        this.store = Objects.requireNonNull(store, "store");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Authorization isAuthorized(BootstrapRequest request, LwM2mPeer client) {
        String endpoint = request.getEndpointName();
        if (!(client.getIdentity() instanceof PskIdentity psk)) {
            LOG.info("Device [{}] bootstrap refused: not over DTLS-PSK (from [{}])", endpoint, client);
            bootstrap.refused(endpoint, "no DTLS-PSK: the bootstrap server accepts authenticated devices only");
            return Authorization.declined();
        }
        for (Iterator<SecurityInfo> it = store.getAllByEndpoint(endpoint); it.hasNext();) {
            if (psk.getPskIdentity().equals(it.next().getPskIdentity())) {
                return Authorization.approved();
            }
        }
        LOG.info("Device [{}] bootstrap refused: PSK identity [{}] is not its bootstrap identity", endpoint,
                psk.getPskIdentity());
        bootstrap.refused(endpoint, "PSK identity " + psk.getPskIdentity() + " is not the device's bootstrap identity");
        return Authorization.declined();
    }
}
