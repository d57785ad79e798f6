// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.List;

/**
 * Where the LwM2M server hands every value a device reports (notifications, Send, reads of observed paths). When
 * {@link #ingest} returns, the points are durable and their rollups updated.
 */
public interface TelemetryIngest {

    /**
     * Stores the points of one device.
     *
     * @param endpoint the device
     * @param points its values, any order, possibly late
     */
    void ingest(String endpoint, List<TelemetryPoint> points);
}
