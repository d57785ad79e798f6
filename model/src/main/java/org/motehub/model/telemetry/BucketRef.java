// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.Objects;

/**
 * Names one rollup bucket of one series.
 *
 * @param endpoint the device
 * @param path the LwM2M path of the series
 * @param resolution a rollup resolution
 * @param start the bucket start in epoch seconds, aligned on {@code resolution}
 */
public record BucketRef(String endpoint, String path, Resolution resolution, long start) {

    public BucketRef {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(path, "path");
        if (!resolution.isRollup()) {
            throw new IllegalArgumentException("a bucket has a rollup resolution, not " + resolution);
        }
        if (resolution.bucketOf(start) != start) {
            throw new IllegalArgumentException(start + " is not the start of a " + resolution + " bucket");
        }
    }
}
