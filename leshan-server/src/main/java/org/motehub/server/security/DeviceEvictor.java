// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.security;

import java.security.Principal;
import java.util.Objects;

import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationServiceImpl;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceListener;
import org.motehub.model.device.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off a device the moment it is suspended or decommissioned: removes its registration (and observations),
 * tells the registration listeners, and terminates its DTLS connection so it must handshake again, which the
 * credentials lookup then refuses.
 */
public class DeviceEvictor implements DeviceListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceEvictor.class);

    private final LeshanServer server;
    private final CaliforniumServerEndpointsProvider endpoints;

    /**
     * @throws NullPointerException if an argument is null
     */
    public DeviceEvictor(LeshanServer server, CaliforniumServerEndpointsProvider endpoints) {
        this.server = Objects.requireNonNull(server, "server");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public void stateChanged(Device device, DeviceState previous) {
        if (device.state().mayConnect()) {
            return;
        }
        Registration registration = server.getRegistrationStore().getRegistrationByEndpoint(device.endpoint());
        if (registration == null) {
            return;
        }
        Deregistration removed = server.getRegistrationStore().removeRegistration(registration.getId());
        if (removed != null && server.getRegistrationService() instanceof RegistrationServiceImpl service) {
            service.fireUnregistered(removed.getRegistration(), removed.getObservations(), null);
        }
        LwM2mIdentity identity = registration.getClientTransportData().getIdentity();
        if (identity instanceof PskIdentity psk) {
            terminateConnections(psk.getPskIdentity());
        }
        LOG.info("Device [{}] evicted: it is now {}", device.endpoint(), device.state());
    }

    private void terminateConnections(String pskIdentity) {
        for (Endpoint endpoint : endpoints.getCoapServer().getEndpoints()) {
            if (endpoint instanceof CoapEndpoint coap && coap.getConnector() instanceof DTLSConnector dtls) {
                Filter<Principal> ofDevice = p -> p instanceof PreSharedKeyIdentity id
                        && id.getIdentity().equals(pskIdentity);
                dtls.startTerminateConnectionsForPrincipal(ofDevice);
            }
        }
    }
}
