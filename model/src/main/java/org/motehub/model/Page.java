// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the opaque cursor of the next page.
 *
 * @param items the items of this page, in listing order
 * @param nextCursor the cursor to pass to get the next page, or {@code null} when this page is the last
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** @return the cursor of the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
