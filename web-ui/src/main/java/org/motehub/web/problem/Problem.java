// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.List;
import java.util.Objects;

import org.motehub.model.FieldError;

/**
 * An RFC 9457 problem document, the body of every error response of the REST API.
 *
 * @param type a URI naming the kind of problem, stable across releases
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request, for a person
 * @param errors each bad field of the request, possibly empty, never null
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
