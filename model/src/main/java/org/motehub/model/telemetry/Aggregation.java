// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a rollup query returns per bucket; the average is derived from the stored sum and count. */
public enum Aggregation {
    /** Sum divided by count. */
    AVG,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX,
    /** The sum of the values. */
    SUM,
    /** The number of values. */
    COUNT;

    /** @return the name in the REST API, lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the aggregation named {@code label} in any case, e.g. {@code avg}. */
    public static Optional<Aggregation> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.name().equals(l)).findFirst();
    }
}
