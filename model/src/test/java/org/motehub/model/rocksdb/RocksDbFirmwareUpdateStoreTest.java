// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.firmware.FirmwareUpdateStore;
import org.motehub.model.firmware.FirmwareUpdateStoreContract;

/** Runs the {@link FirmwareUpdateStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbFirmwareUpdateStoreTest extends FirmwareUpdateStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected FirmwareUpdateStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareUpdateStore(db);
    }

    @Override
    protected FirmwareUpdateStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareUpdateStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
