// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.charset.StandardCharsets;

/** The column families of Motehub's single RocksDB database, one per kind of record or index. */
public enum ColumnFamily {
    /** endpoint -> Device JSON. */
    DEVICES("devices"),
    /** endpoint -> PskCredentials JSON. */
    CREDENTIALS("credentials"),
    /** PSK identity -> endpoint. */
    CREDENTIAL_IDENTITIES("credential_identities"),
    /** registration id -> Leshan registration JSON. */
    REGISTRATIONS("registrations"),
    /** observation id -> Leshan observation. */
    OBSERVATIONS("observations"),
    /** endpoint 0x00 command id -> Command JSON. */
    COMMANDS("commands"),
    /** endpoint 0x00 command id -> empty, for unfinished commands only. */
    COMMAND_QUEUE("command_queue");

    private final String cfName;

    ColumnFamily(String cfName) {
        this.cfName = cfName;
    }

    /** @return the column family name on disk. */
    public String cfName() {
        return cfName;
    }

    byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
