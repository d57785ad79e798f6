// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.command.CommandStore;
import org.motehub.model.command.CommandStoreContract;

/** Runs the {@link CommandStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbCommandStoreTest extends CommandStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected CommandStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbCommandStore(db);
    }

    @Override
    protected CommandStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbCommandStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
