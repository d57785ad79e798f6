// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.telemetry.TelemetryStore;
import org.motehub.model.telemetry.TelemetryStoreContract;

/** Runs the {@link TelemetryStoreContract} on a real RocksDB database in a temporary directory. */
class RocksDbTelemetryStoreTest extends TelemetryStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected TelemetryStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbTelemetryStore(db);
    }

    @Override
    protected TelemetryStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbTelemetryStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
