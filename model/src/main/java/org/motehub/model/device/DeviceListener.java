// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

/**
 * Hears lifecycle changes of devices, for example to cut the connection of a device that was just suspended, and
 * their presence changes. Callbacks run on the thread that made the change and must return quickly.
 */
public interface DeviceListener {

    /**
     * A device moved from {@code previous} to {@code device.state()}.
     *
     * @param device the device as it is now
     * @param previous its state before the change
     */
    void stateChanged(Device device, DeviceState previous);

    /**
     * The device registered, updated, deregistered or expired; called after the registry holds the change. Does
     * nothing unless overridden.
     *
     * @param device the device as it is now
     * @param change what the device did
     */
    default void presenceChanged(Device device, PresenceChange change) {
    }
}
