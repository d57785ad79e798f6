// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.util.Optional;

import org.motehub.model.PageRequest;

/**
 * A device listing request: optional filters and the page.
 *
 * @param state only devices in this state, or null for all
 * @param online only online (true) or offline (false) devices, or null for all
 * @param page the page to read
 */
public record DeviceQuery(DeviceState state, Boolean online, PageRequest page) {

    public static DeviceQuery all(PageRequest page) {
        return new DeviceQuery(null, null, page);
    }

    /** @return whether {@code device} passes the filters. */
    public boolean matches(Device device) {
        return Optional.ofNullable(state).map(s -> s == device.state()).orElse(true)
                && Optional.ofNullable(online).map(o -> o == device.online()).orElse(true);
    }
}
