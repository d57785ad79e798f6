// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceQuery;
import org.motehub.model.device.DeviceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records registrations, updates and deregistrations in the device registry, so that a device's {@code online}
 * flag and {@code lastSeen} follow its LwM2M presence and its first registration makes it ACTIVE.
 * <p>
 * Routine presence (registered, updated, deregistered) is logged at DEBUG: a fleet does it all day, and the registry
 * and the {@code presence} events of {@code /api/v1/events} already tell it. What needs an operator's eye is logged
 * at INFO: a registration that expired (the device went silent) and, by the registry, a first registration that
 * makes a device ACTIVE.
 */
public class PresenceRecorder implements RegistrationListener {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceRecorder.class);

    private final DeviceService devices;
    private final Clock clock;

    /**
     * @throws NullPointerException if an argument is null
     */
    public PresenceRecorder(DeviceService devices, Clock clock) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes the registry's {@code online} flags (and the ACTIVE of a first registration) agree with the registrations
     * actually stored, after a crash: registrations are written before they are acknowledged, presence changes a few
     * milliseconds later ({@link org.motehub.model.device.PresenceWriter}).
     */
    public void reconcile(RegistrationStore registrations) {
        Instant now = clock.instant();
        Set<String> online = new HashSet<>();
        String cursor = null;
        do {
            Page<Device> page = devices.list(new DeviceQuery(null, true, PageRequest.of(PageRequest.MAX_LIMIT, cursor)));
            for (Device d : page.items()) {
                if (registrations.getRegistrationByEndpoint(d.endpoint()) == null) {
                    devices.unregistered(d.endpoint(), now);
                } else {
                    online.add(d.endpoint());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        // the listing above read every online device once: only the others are looked up again
        for (Iterator<Registration> it = registrations.getAllRegistrations(); it.hasNext();) {
            Registration r = it.next();
            // registered, as its first registration would have made it ACTIVE if that change was lost
            if (!online.contains(r.getEndpoint())
                    && devices.find(r.getEndpoint()).map(d -> !d.online()).orElse(false)) {
                devices.registered(r.getEndpoint(), now);
            }
        }
    }

    @Override
    public void registered(Registration registration, Registration previousReg,
            Collection<Observation> previousObservations) {
        LOG.debug("Device [{}] registered from [{}] (registration [{}], lifetime {}s, binding {})",
                registration.getEndpoint(), registration.getSocketAddress(), registration.getId(),
                registration.getLifeTimeInSec(), registration.getBindingMode());
        devices.registered(registration.getEndpoint(), clock.instant());
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
        LOG.debug("Device [{}] updated its registration [{}]", updatedReg.getEndpoint(), updatedReg.getId());
        devices.updated(updatedReg.getEndpoint(), clock.instant());
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
            Registration newReg) {
        if (newReg != null) {
            return; // replaced by a new registration of the same device: it stays online
        }
        if (expired) {
            LOG.info("Device [{}] expired: no update within its lifetime of {}s (registration [{}])",
                    registration.getEndpoint(), registration.getLifeTimeInSec(), registration.getId());
            devices.expired(registration.getEndpoint(), clock.instant());
        } else {
            LOG.debug("Device [{}] deregistered (registration [{}])", registration.getEndpoint(),
                    registration.getId());
            devices.unregistered(registration.getEndpoint(), clock.instant());
        }
    }
}
