// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.util.List;

/**
 * The request is valid but clashes with the current state: a duplicate endpoint or PSK identity, or a lifecycle
 * transition that is not allowed.
 */
public class ConflictException extends MotehubException {

    private static final long serialVersionUID = 1L;

    private final List<FieldError> errors;

    public ConflictException(String message) {
        this(message, List.of());
    }

    public ConflictException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** @return the fields that clash, possibly empty. */
    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
