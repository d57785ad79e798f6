// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.security;

import java.util.Objects;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.server.security.SecurityStore;
import org.motehub.model.device.DeviceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts LwM2M requests only from devices of the registry that may connect, and only with the credentials the
 * registry holds for them (Leshan's {@link DefaultAuthorizer} checks those). An endpoint unknown to the registry is
 * refused even over plain CoAP, where Leshan alone would let it register.
 */
public class RegistryAuthorizer implements Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthorizer.class);

    private final DeviceService devices;
    private final DefaultAuthorizer credentialsCheck;

    /**
     * @throws NullPointerException if an argument is null
     */
    public RegistryAuthorizer(DeviceService devices, SecurityStore securityStore) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.credentialsCheck = new DefaultAuthorizer(Objects.requireNonNull(securityStore, "securityStore"));
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
        Authorization result = credentialsCheck.isAuthorized(request, registration, sender);
        if (!result.isApproved()) {
            LOG.info("Device [{}] refused: its identity does not match its credentials ({} from {})", endpoint,
                    request.getClass().getSimpleName(), sender);
        }
        return result;
    }
}
