// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.profile.TelemetryStatusStore;
import org.motehub.model.profile.TelemetryStatusStoreContract;

/** Runs the {@link TelemetryStatusStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbTelemetryStatusStoreTest extends TelemetryStatusStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected TelemetryStatusStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbTelemetryStatusStore(db);
    }

    @Override
    protected TelemetryStatusStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbTelemetryStatusStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
