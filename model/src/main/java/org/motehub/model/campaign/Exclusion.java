// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.Objects;

/**
 * A device a campaign's target selected but that does not take part, and why; listed with the campaign.
 *
 * @param endpoint the device
 * @param reason the kind of reason
 * @param detail the reason for a person (types, versions)
 */
public record Exclusion(String endpoint, ExclusionReason reason, String detail) {

    public Exclusion {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
