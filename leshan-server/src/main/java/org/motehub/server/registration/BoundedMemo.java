// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers derived immutable values (formatted or parsed attributes, version parts, endpoint URIs) up to a bound,
 * then stops adding: a fleet shares a handful of each, and the bound keeps odd or hostile input from growing it.
 * Thread-safe.
 */
final class BoundedMemo<K, V> {

    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final int max;

    BoundedMemo(int max) {
        this.max = max;
    }

    /** @return the value remembered for {@code key}, or null */
    V get(K key) {
        return values.get(key);
    }

    /** Remembers {@code value} for {@code key} if the bound allows. @return {@code value} */
    V remember(K key, V value) {
        if (values.size() < max) {
            values.put(key, value);
        }
        return value;
    }
}
