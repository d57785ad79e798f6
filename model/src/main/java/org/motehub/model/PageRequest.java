// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A validated page request: a limit (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and an optional opaque
 * cursor. Cursors are base64url-encoded keys, so they can be handed back unchanged by clients.
 */
public final class PageRequest {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    private final int limit;
    private final String after;

    private PageRequest(int limit, String after) {
        this.limit = limit;
        this.after = after;
    }

    /** @return the first page with the default limit. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, null);
    }

    /**
     * Parses a page request from query parameters.
     *
     * @param limit the {@code limit} parameter, or null for the default
     * @param cursor the {@code cursor} parameter, or null for the first page
     * @throws InvalidInputException naming {@code limit} or {@code cursor} when either is malformed
     */
    public static PageRequest of(Integer limit, String cursor) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("cursor", "is not a cursor returned by this API");
            }
        }
        return new PageRequest(l, after);
    }

    /** @return an opaque cursor that resumes a listing after {@code key}. */
    public static String cursorAfter(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public int limit() {
        return limit;
    }

    /** @return the key after which the page starts, empty for the first page. */
    public Optional<String> after() {
        return Optional.ofNullable(after);
    }
}
