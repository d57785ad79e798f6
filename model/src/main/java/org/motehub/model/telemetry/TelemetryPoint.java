// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * One value a device reported for one LwM2M resource (or resource instance) at one time.
 *
 * @param path the LwM2M path of a resource or resource instance, e.g. {@code /3303/0/5700} or {@code /3/0/7/1}
 * @param time the device's timestamp when it sent one (SenML {@code t}), otherwise the server's receive time
 * @param value a {@link Double} or {@link Long} (numbers), {@link Boolean}, {@link String} or {@link Instant}
 */
public record TelemetryPoint(String path, Instant time, Object value) {

    public TelemetryPoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(value, "value");
        if (!(value instanceof Double || value instanceof Long || value instanceof Boolean || value instanceof String
                || value instanceof Instant)) {
            throw new IllegalArgumentException("unsupported telemetry value type " + value.getClass().getName());
        }
    }

    /** @return whether the value is numeric and so gets rollups. */
    public boolean isNumeric() {
        return value instanceof Double || value instanceof Long;
    }
}
