// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.BootstrapSecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leshan {@link BootstrapSecurityStore} over the bootstrap credentials of the device registry. It hands out a
 * bootstrap key only while the device may connect: for a suspended or decommissioned device (and an identity nobody
 * has) the DTLS handshake fails. Such a refusal is logged with the endpoint and recorded in the device's bootstrap
 * history. Read-only: bootstrap credentials change through the registry.
 */
public class RegistryBootstrapSecurityStore implements BootstrapSecurityStore {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryBootstrapSecurityStore.class);

    private final DeviceStore devices;
    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if an argument is null
     */
    public RegistryBootstrapSecurityStore(DeviceStore devices, BootstrapService bootstrap) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** Called by the DTLS handshake with the identity the device presents. */
    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        Optional<PskCredentials> credentials = devices.findBootstrapCredentialsByIdentity(pskIdentity);
        if (credentials.isEmpty()) {
            LOG.info("Bootstrap handshake refused: unknown bootstrap PSK identity [{}]", pskIdentity);
            return null;
        }
        String endpoint = credentials.get().endpoint();
        Optional<Device> device = devices.find(endpoint);
        if (device.isEmpty() || !device.get().state().mayConnect()) {
            String state = device.map(d -> d.state().name()).orElse("unknown");
            LOG.info("Device [{}] bootstrap refused at the handshake: it is {} (identity [{}])", endpoint, state,
                    pskIdentity);
            bootstrap.refused(endpoint, "device is " + state);
            return null;
        }
        return toSecurityInfo(credentials.get());
    }

    /** Called by the authorizer to check the identity of a Bootstrap-Request against its endpoint. */
    @Override
    public Iterator<SecurityInfo> getAllByEndpoint(String endpoint) {
        Optional<Device> device = devices.find(endpoint);
        if (device.isEmpty() || !device.get().state().mayConnect()) {
            return Collections.emptyIterator();
        }
        return devices.findBootstrapCredentials(endpoint).map(RegistryBootstrapSecurityStore::toSecurityInfo).stream()
                .iterator();
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null; // OSCORE is not offered
    }

    private static SecurityInfo toSecurityInfo(PskCredentials c) {
        return SecurityInfo.newPreSharedKeyInfo(c.endpoint(), c.identity(), c.key());
    }
}
