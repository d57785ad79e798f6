// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;

/**
 * Parses query parameters by hand, so that a malformed one is a 400 problem naming it (Jersey's own conversion would
 * answer 404). Collects every bad parameter before failing; an empty value counts as absent.
 */
public final class QueryParams {

    private final List<FieldError> errors = new ArrayList<>();

    /** @return the enum constant named by {@code value} (any case), or null if absent or bad. */
    public <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (isAbsent(value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    /** @return {@code true} or {@code false} (any case), or null if absent or bad. */
    public Boolean booleanValue(String name, String value) {
        if (isAbsent(value)) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }

    /** @return the page that {@code limit} and {@code cursor} ask for, or null if either is bad. */
    public PageRequest page(String limit, String cursor) {
        Integer l = null;
        if (!isAbsent(limit)) {
            try {
                l = Integer.valueOf(limit.trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be an integer between 1 and " + PageRequest.MAX_LIMIT));
                return null;
            }
        }
        try {
            return PageRequest.of(l, isAbsent(cursor) ? null : cursor);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    /** Records a bad parameter found by the caller. */
    public void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /**
     * @throws InvalidInputException naming every bad parameter seen so far, if any
     */
    public void check() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isEmpty();
    }
}
