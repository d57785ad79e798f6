// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A profile path that could not be set up on a device, and why. Motehub does not try it again until the device
 * registers anew or its profile changes.
 *
 * @param path the profile path
 * @param operation what failed: {@code WRITE_ATTRIBUTES}, {@code OBSERVE} or {@code OBSERVE_COMPOSITE}, or null when
 *        the path was skipped without asking the device (it is not in its object links)
 * @param code the device's CoAP answer, e.g. {@code 4.04}, or null when it was not asked
 * @param reason what went wrong, for a person
 * @param at when it was found
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PathProblem(String path, String operation, String code, String reason, Instant at) {

    /** The CoAP code of a device that does not have what was asked. */
    public static final String NOT_FOUND = "4.04";

    /**
     * @throws NullPointerException if {@code path}, {@code reason} or {@code at} is null
     */
    public PathProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** @return whether the device does not have the path at all (not registered, or answered 4.04). */
    @JsonIgnore
    public boolean isMissing() {
        return operation == null || NOT_FOUND.equals(code);
    }
}
