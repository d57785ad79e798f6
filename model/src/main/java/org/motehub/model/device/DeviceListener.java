// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

/**
 * Hears lifecycle changes of devices, for example to cut the connection of a device that was just suspended.
 * Callbacks run on the thread that made the change and must return quickly.
 */
public interface DeviceListener {

    /**
     * A device moved from {@code previous} to {@code device.state()}.
     *
     * @param device the device as it is now
     * @param previous its state before the change
     */
    void stateChanged(Device device, DeviceState previous);
}
