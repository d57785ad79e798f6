// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.util.ArrayList;
import java.util.List;

/** Changes to apply together in one atomic RocksDB write, across column families. */
public final class Batch {

    record Op(ColumnFamily cf, byte[] key, byte[] value) {
    }

    private final List<Op> ops = new ArrayList<>();

    /** Adds a put. */
    public Batch put(ColumnFamily cf, byte[] key, byte[] value) {
        ops.add(new Op(cf, key, value));
        return this;
    }

    /** Adds a delete. */
    public Batch delete(ColumnFamily cf, byte[] key) {
        ops.add(new Op(cf, key, null));
        return this;
    }

    List<Op> ops() {
        return ops;
    }
}
