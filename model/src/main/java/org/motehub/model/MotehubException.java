// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

/**
 * Base of the few unchecked exceptions Motehub services throw; each carries the HTTP status that the REST boundary
 * maps it to, so the mapping happens in one place.
 */
public abstract class MotehubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected MotehubException(String message) {
        super(message);
    }

    /** @return the HTTP status this failure maps to (4xx for caller errors). */
    public abstract int status();

    /** @return a short, stable, human-readable summary of the problem type. */
    public abstract String title();
}
