// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.util.List;

/** The caller's input is malformed; {@link #errors()} names every bad field. */
public class InvalidInputException extends MotehubException {

    private static final long serialVersionUID = 1L;

    private final List<FieldError> errors;

    /**
     * @throws IllegalArgumentException if {@code errors} is empty: invalid input always names a field.
     */
    public InvalidInputException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /**
     * @param message the summary for a person, for example how many rows of a file are bad
     * @throws IllegalArgumentException if {@code errors} is empty: invalid input always names a field.
     */
    public InvalidInputException(String message, List<FieldError> errors) {
        super(checked(message, errors));
        this.errors = List.copyOf(errors);
    }

    private static String checked(String message, List<FieldError> errors) {
        summary(errors);
        return message;
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one field error");
        }
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return first.field() + ": " + first.message() + more;
    }

    /** @return every bad field, never empty. */
    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}
