// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a device: {@code PROVISIONING -> ACTIVE -> SUSPENDED <-> ACTIVE -> DECOMMISSIONED}. A device becomes
 * {@code ACTIVE} on its first registration; {@code SUSPENDED} and {@code DECOMMISSIONED} devices may not connect.
 */
public enum DeviceState {
    PROVISIONING, ACTIVE, SUSPENDED, DECOMMISSIONED;

    /** @return the states this state may move to; {@code DECOMMISSIONED} is final. */
    public Set<DeviceState> next() {
        switch (this) {
        case PROVISIONING:
            return EnumSet.of(ACTIVE, DECOMMISSIONED);
        case ACTIVE:
            return EnumSet.of(SUSPENDED, DECOMMISSIONED);
        case SUSPENDED:
            return EnumSet.of(ACTIVE, DECOMMISSIONED);
        default:
            return EnumSet.noneOf(DeviceState.class);
        }
    }

    /** @return whether a device in this state may move to {@code target}. */
    public boolean canMoveTo(DeviceState target) {
        return next().contains(target);
    }

    /** @return whether a device in this state is handed its key at the DTLS handshake. */
    public boolean mayConnect() {
        return this == PROVISIONING || this == ACTIVE;
    }
}
