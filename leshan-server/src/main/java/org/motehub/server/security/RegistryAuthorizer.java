// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.security;

import java.util.Objects;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.motehub.model.credentials.CredentialsLookup;
import org.motehub.model.device.DeviceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts LwM2M requests only from devices of the registry that may connect, and only over DTLS with a PSK identity
 * that belongs to the endpoint: its current DM identity, or the pending one the bootstrap server just issued (both
 * resolve until the device has registered with the new one). An endpoint unknown to the registry, or a request
 * without a PSK identity (plain CoAP), is refused: every device has credentials.
 */
public class RegistryAuthorizer implements Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthorizer.class);

    private final DeviceService devices;
    private final CredentialsLookup credentials;

    /**
     * @throws NullPointerException if an argument is null
     */
    public RegistryAuthorizer(DeviceService devices, CredentialsLookup credentials) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender) {
        String endpoint = registration.getEndpoint();
        boolean allowed = devices.find(endpoint).map(d -> d.state().mayConnect()).orElse(false);
        if (!allowed) {
            LOG.info("Device [{}] refused: unknown, suspended or decommissioned ({} from {})", endpoint,
                    request.getClass().getSimpleName(), sender);
            return Authorization.declined();
        }
        boolean owns = sender.getIdentity() instanceof PskIdentity psk && credentials
                .findByIdentity(psk.getPskIdentity()).map(c -> c.endpoint().equals(endpoint)).orElse(false);
        if (!owns) {
            LOG.info("Device [{}] refused: its identity does not match its credentials ({} from {})", endpoint,
                    request.getClass().getSimpleName(), sender);
            return Authorization.declined();
        }
        return Authorization.approved();
    }
}
