// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.motehub.model.objects.DeviceObjectsLookup;
import org.motehub.model.objects.ObjectInfo;
import org.motehub.model.objects.ResourceInfo;
import org.motehub.model.registration.RegistrationInfo;
import org.motehub.model.registration.RegistrationLookup;

/**
 * Stands in for the LwM2M server, which implements the registration and object lookups in production: tests
 * register and unregister devices by hand.
 */
public final class FakeLwM2mServer implements RegistrationLookup, DeviceObjectsLookup {

    /** The object tree every registered device exposes here: Security, Server, Device (3) and Temperature (3303). */
    public static final List<ObjectInfo> OBJECTS = List.of(
            new ObjectInfo(1, "LwM2M Server", "1.1", true, List.of(0), List.of(
                    new ResourceInfo(1, "Lifetime", "INTEGER", "RW", false, true, "s"))),
            new ObjectInfo(3, "Device", "1.1", false, List.of(0), List.of(
                    new ResourceInfo(0, "Manufacturer", "STRING", "R", false, false, null),
                    new ResourceInfo(4, "Reboot", "NONE", "E", false, true, null),
                    new ResourceInfo(13, "Current Time", "TIME", "RW", false, false, null))),
            new ObjectInfo(3303, "Temperature", "1.1", true, List.of(0, 1), List.of(
                    new ResourceInfo(5700, "Sensor Value", "FLOAT", "R", false, true, "Cel"))));

    private final Map<String, RegistrationInfo> registrations = new ConcurrentHashMap<>();

    /** @return the registration now held by {@code endpoint}. */
    public RegistrationInfo register(String endpoint) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        RegistrationInfo info = new RegistrationInfo("reg-" + endpoint, "127.0.0.1:56830", "1.1", "UQ", true, 300,
                "</1/0>,</3/0>,</3303/0>,</3303/1>", now, now.plusSeconds(60));
        registrations.put(endpoint, info);
        return info;
    }

    /** Forgets the registration of {@code endpoint}. */
    public void unregister(String endpoint) {
        registrations.remove(endpoint);
    }

    @Override
    public Optional<RegistrationInfo> find(String endpoint) {
        return Optional.ofNullable(registrations.get(endpoint));
    }

    @Override
    public Optional<List<ObjectInfo>> objectsOf(String endpoint) {
        return registrations.containsKey(endpoint) ? Optional.of(OBJECTS) : Optional.empty();
    }
}
