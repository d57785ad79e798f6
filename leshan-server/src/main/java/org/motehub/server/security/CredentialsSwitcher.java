// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.security;

import java.util.Collection;
import java.util.Objects;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.motehub.model.bootstrap.BootstrapService;

/**
 * Switches a device to the DM credentials its last bootstrap issued as soon as it registers with them: they become
 * current and the old identity stops resolving, so it is refused from then on. Until that registration the old
 * credentials keep working, so a device that never got (or lost) the new ones is not locked out.
 */
public class CredentialsSwitcher implements RegistrationListener {

    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if {@code bootstrap} is null
     */
    public CredentialsSwitcher(BootstrapService bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public void registered(Registration registration, Registration previousReg,
            Collection<Observation> previousObservations) {
        if (registration.getClientTransportData().getIdentity() instanceof PskIdentity psk) {
            bootstrap.registered(registration.getEndpoint(), psk.getPskIdentity());
        }
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
        // an update keeps the identity of the registration
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
            Registration newReg) {
        // nothing to switch
    }
}
