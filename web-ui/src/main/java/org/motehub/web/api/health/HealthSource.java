// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.health;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the health resource reports from: when the server started and the details the assembly adds.
 *
 * @param startedNanos {@link System#nanoTime()} when the server started
 * @param details extra entries of the answer, read on each request; they cannot replace the standard ones
 */
public record HealthSource(long startedNanos, Supplier<Map<String, Object>> details) {

    public HealthSource {
        Objects.requireNonNull(details, "details");
    }
}
