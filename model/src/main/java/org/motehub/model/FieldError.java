// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.util.Objects;

/**
 * One bad field of a request, named by its JSON path (for example {@code credentials.key}).
 *
 * @param field the JSON path of the field
 * @param message what is wrong with it, for a person
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
