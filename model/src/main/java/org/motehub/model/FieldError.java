// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One bad field of a request, named by its JSON path (for example {@code credentials.key}), and for a row of an
 * uploaded file (a provisioning manifest) the line it is on.
 *
 * @param field the JSON path of the field, or the column name for a manifest row
 * @param message what is wrong with it, for a person
 * @param line the 1-based line of the uploaded file, or null when the error is not about a file's row
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, Integer line) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** An error about a field of a request body or query. */
    public FieldError(String field, String message) {
        this(field, message, null);
    }
}
