// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

/**
 * What the LwM2M server saw a device do: the presence facts that make it online or offline, told to
 * {@link DeviceListener#presenceChanged} so that they can be streamed (they are too frequent for the log of a fleet).
 */
public enum PresenceChange {
    /** The device registered: it is online. */
    REGISTERED,
    /** The device updated its registration, or otherwise proved alive: it is still online. */
    UPDATED,
    /** The device deregistered, or its registration was removed: it is offline. */
    DEREGISTERED,
    /** The device's registration lifetime ran out without an update: it is offline. */
    EXPIRED
}
