// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.List;

/**
 * Told of the points of every ingest once they are durable. Called on the ingesting thread (a LwM2M protocol thread):
 * an implementation must return quickly and hand any real work to a thread of its own. An exception it throws is
 * logged and does not affect the ingest or the other listeners.
 */
public interface TelemetryListener {

    /**
     * @param endpoint the device
     * @param points the points that were stored (duplicates and refused points left out), in the order received
     */
    void ingested(String endpoint, List<TelemetryPoint> points);
}
