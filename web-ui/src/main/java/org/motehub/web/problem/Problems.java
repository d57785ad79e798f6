// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.List;

import org.motehub.model.FieldError;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Builds problem documents and their responses: the single place that decides the {@code type} URIs, the titles and
 * the media type of errors, so every mapper answers alike.
 */
public final class Problems {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The same, as a {@link MediaType}. */
    public static final MediaType MEDIA_TYPE_VALUE = MediaType.valueOf(MEDIA_TYPE);

    private static final String BASE = "https://motehub.org/problems/";

    private Problems() {
    }

    /**
     * @param status the HTTP status
     * @param title the title, or null for the standard one of {@code status}
     * @param detail the detail for a person
     * @param errors the bad fields, possibly empty
     * @return a problem whose type follows from {@code status}
     */
    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem(typeOf(status), title != null ? title : titleOf(status), status, detail, errors);
    }

    /** @return the response carrying {@code problem}, with its status and {@value #MEDIA_TYPE}. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE_VALUE).entity(problem).build();
    }

    /** @return a stable type URI for the kind of problem {@code status} stands for, or {@code about:blank}. */
    static String typeOf(int status) {
        switch (status) {
        case 400:
            return BASE + "invalid-input";
        case 404:
            return BASE + "not-found";
        case 405:
            return BASE + "method-not-allowed";
        case 406:
            return BASE + "not-acceptable";
        case 409:
            return BASE + "conflict";
        case 412:
            return BASE + "precondition-failed";
        case 413:
            return BASE + "payload-too-large";
        case 410:
            return BASE + "gone";
        case 415:
            return BASE + "unsupported-media-type";
        case 500:
            return BASE + "internal-error";
        default:
            return "about:blank";
        }
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
