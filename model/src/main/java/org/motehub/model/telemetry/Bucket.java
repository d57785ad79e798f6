// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * One rollup bucket of one series.
 *
 * @param start the start of the bucket (UTC, aligned on its resolution)
 * @param aggregate the rollup of its points
 */
public record Bucket(Instant start, Aggregate aggregate) {

    public Bucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(aggregate, "aggregate");
    }
}
