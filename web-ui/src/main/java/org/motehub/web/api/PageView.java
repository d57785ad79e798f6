// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api;

import java.util.List;
import java.util.function.Function;

import org.motehub.model.Page;

/**
 * The JSON shape of every listing, {@code {"items": [...], "nextCursor": "..." | null}}.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or null on the last page
 */
public record PageView<T>(List<T> items, String nextCursor) {

    /** @return the view of {@code page}, each item converted by {@code view}. */
    public static <M, T> PageView<T> of(Page<M> page, Function<M, T> view) {
        return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
    }
}
