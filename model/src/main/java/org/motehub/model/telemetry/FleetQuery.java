// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

import org.motehub.model.InvalidInputException;

/**
 * A query across devices: the rollups of {@code path} merged over every device that has it and that
 * {@code endpoints} accepts, bucket by bucket.
 *
 * @param path the LwM2M path
 * @param from the start of the window, rounded down to a bucket start
 * @param to the end of the window, exclusive
 * @param step a rollup resolution
 * @param endpoints which devices to include (for instance the members of a profile); {@code e -> true} for all
 */
public record FleetQuery(String path, Instant from, Instant to, Resolution step, Predicate<String> endpoints) {

    /**
     * @throws NullPointerException if any argument is null
     * @throws InvalidInputException naming {@code from} if it is after {@code to}, or {@code step} if it is raw
     */
    public FleetQuery {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(endpoints, "endpoints");
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", "must not be after to");
        }
        if (!step.isRollup()) {
            throw new InvalidInputException("step", "a fleet query aggregates buckets: use 1m, 5m, 1h or 1d");
        }
    }
}
