// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;

/**
 * Tells a component each time a device can be reached: it registered, updated its registration, or woke up from
 * queue mode. Work waiting for a device (queued commands, a firmware update) starts from these moments; a device
 * that leaves or falls asleep needs nothing, its work waits for the next contact.
 */
public final class DeviceContacts implements RegistrationListener, PresenceListener {

    private final Consumer<String> onContact;

    /** @param onContact called with the device's endpoint, on Leshan's thread: it must return quickly */
    public DeviceContacts(Consumer<String> onContact) {
        this.onContact = Objects.requireNonNull(onContact, "onContact");
    }

    @Override
    public void registered(Registration registration, Registration previousReg,
            Collection<Observation> previousObservations) {
        onContact.accept(registration.getEndpoint());
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
        onContact.accept(updatedReg.getEndpoint());
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
            Registration newReg) {
        // nothing to do for a device that left: its work waits for the next registration
    }

    @Override
    public void onAwake(Registration registration) {
        onContact.accept(registration.getEndpoint());
    }

    @Override
    public void onSleeping(Registration registration) {
        // its work waits until it wakes up
    }
}
