// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.profile.ProfileStore;
import org.motehub.model.profile.ProfileStoreContract;

/** Runs the {@link ProfileStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbProfileStoreTest extends ProfileStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected ProfileStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbProfileStore(db);
    }

    @Override
    protected ProfileStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbProfileStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
