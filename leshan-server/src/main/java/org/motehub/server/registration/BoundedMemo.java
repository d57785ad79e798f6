// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers derived immutable values (parsed object links, formatted or parsed attributes, version parts, endpoint
 * URIs) up to a bound, then stops adding: a fleet shares a handful of each, and the bound keeps odd or hostile input
 * from growing it. Thread-safe.
 */
public final class BoundedMemo<K, V> {

    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final int max;

    /**
     * @param max how many values at most are remembered
     */
    public BoundedMemo(int max) {
        this.max = max;
    }

    /** @return the value remembered for {@code key}, or null */
    public V get(K key) {
        return values.get(key);
    }

    /** Remembers {@code value} for {@code key} if the bound allows. @return {@code value} */
    public V remember(K key, V value) {
        if (values.size() < max) {
            values.put(key, value);
        }
        return value;
    }
}
