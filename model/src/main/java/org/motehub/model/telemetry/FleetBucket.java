// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * One bucket of a fleet query: the rollup of one path across several devices.
 *
 * @param start the start of the bucket
 * @param aggregate the rollup of the points of every device in the bucket
 * @param devices how many devices had points in the bucket
 */
public record FleetBucket(Instant start, Aggregate aggregate, int devices) {

    public FleetBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(aggregate, "aggregate");
    }
}
