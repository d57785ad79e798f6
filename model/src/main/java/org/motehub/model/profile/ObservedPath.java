// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One path a profile observes, with the LwM2M notification attributes written to it first (each one optional).
 * Operator input arrives in this shape too, so nothing is checked here: {@link ProfileRules} validates it.
 *
 * @param path an object instance, resource or resource instance path, e.g. {@code /3303/0/5700} or {@code /3/0}
 * @param pmin minimum period between notifications, seconds
 * @param pmax maximum period between notifications, seconds
 * @param gt notify when the value rises above this threshold (numeric resources)
 * @param lt notify when the value falls below this threshold (numeric resources)
 * @param st notify when the value changed by at least this step (numeric resources)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObservedPath(String path, Long pmin, Long pmax, Double gt, Double lt, Double st) {

    /** @return a path observed without attributes. */
    public static ObservedPath of(String path) {
        return new ObservedPath(path, null, null, null, null, null);
    }

    /** @return whether at least one attribute is set, so that a Write-Attributes must precede the Observe. */
    @JsonIgnore
    public boolean hasAttributes() {
        return pmin != null || pmax != null || gt != null || lt != null || st != null;
    }
}
