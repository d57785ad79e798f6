// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.bootstrap.BootstrapStore;
import org.motehub.model.bootstrap.BootstrapStoreContract;

/** Runs the {@link BootstrapStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbBootstrapStoreTest extends BootstrapStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected BootstrapStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbBootstrapStore(db);
    }

    @Override
    protected BootstrapStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbBootstrapStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
