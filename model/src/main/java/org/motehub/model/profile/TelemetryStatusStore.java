// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.Optional;

/** Where each device's {@link DeviceTelemetryStatus} is kept, keyed by endpoint. */
public interface TelemetryStatusStore {

    /** @return the status of this device, if one was ever stored. */
    Optional<DeviceTelemetryStatus> find(String endpoint);

    /** Stores (or replaces) a device's status. */
    void put(DeviceTelemetryStatus status);
}
