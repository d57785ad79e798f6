// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;

/**
 * A query of one series: the raw points or the rollup buckets of {@code path} on {@code endpoint} in
 * {@code [from, to)}; for rollups {@code from} is first rounded down to a bucket start.
 *
 * @param endpoint the device
 * @param path the LwM2M path of a resource or resource instance
 * @param from the start of the window, inclusive
 * @param to the end of the window, exclusive
 * @param step {@link Resolution#RAW} for points, otherwise the rollup resolution
 * @param page the page to return, or null for the whole window (which must then hold at most
 *        {@link TelemetryService#MAX_UNPAGED} values)
 */
public record SeriesQuery(String endpoint, String path, Instant from, Instant to, Resolution step, PageRequest page) {

    /**
     * @throws NullPointerException if any argument but {@code page} is null
     * @throws InvalidInputException naming {@code from} if it is after {@code to}
     */
    public SeriesQuery {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", "must not be after to");
        }
    }
}
