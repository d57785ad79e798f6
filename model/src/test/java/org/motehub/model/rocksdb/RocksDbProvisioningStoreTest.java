// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.provisioning.ProvisioningStore;
import org.motehub.model.provisioning.ProvisioningStoreContract;

/** Runs the {@link ProvisioningStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbProvisioningStoreTest extends ProvisioningStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected ProvisioningStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbProvisioningStore(db);
    }

    @Override
    protected ProvisioningStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbProvisioningStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
