// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.Optional;

/** Tells the REST layer how telemetry collection goes for a device; implemented by the LwM2M server. */
public interface TelemetryReportLookup {

    /** @return the device's telemetry report, empty when the server knows nothing about this endpoint. */
    Optional<TelemetryReport> find(String endpoint);
}
