// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.registration;

import java.time.Instant;

/**
 * What an operator sees of a device's current LwM2M registration, independent of the LwM2M library.
 *
 * @param id the registration id the server handed out
 * @param address the device's address as {@code host:port}
 * @param lwm2mVersion the LwM2M version the device registered with (for example {@code 1.1})
 * @param binding the binding modes (for example {@code U} or {@code UQ})
 * @param queueMode whether the device uses queue mode (it sleeps between updates)
 * @param lifetimeSeconds the registration lifetime
 * @param objectLinks the object links the device registered, in CoRE link format
 * @param registeredAt when the registration was created
 * @param updatedAt when the registration was last updated
 */
public record RegistrationInfo(String id, String address, String lwm2mVersion, String binding, boolean queueMode,
        long lifetimeSeconds, String objectLinks, Instant registeredAt, Instant updatedAt) {
}
