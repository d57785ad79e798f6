// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.Objects;

/**
 * The complete rollup of one bucket, as stored: writing it replaces what the bucket held.
 *
 * @param bucket which bucket
 * @param aggregate its rollup
 */
public record RollupRow(BucketRef bucket, Aggregate aggregate) {

    public RollupRow {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(aggregate, "aggregate");
    }
}
