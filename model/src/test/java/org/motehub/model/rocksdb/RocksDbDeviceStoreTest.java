// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.device.DeviceStore;
import org.motehub.model.device.DeviceStoreContract;

/** Runs the {@link DeviceStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbDeviceStoreTest extends DeviceStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected DeviceStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbDeviceStore(db);
    }

    @Override
    protected DeviceStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbDeviceStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
