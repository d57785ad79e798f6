// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.firmware.FirmwareLinkStore;
import org.motehub.model.firmware.FirmwareLinkStoreContract;

/** Runs the {@link FirmwareLinkStoreContract} on real RocksDB, plus the device firmware versions it sits beside. */
class RocksDbFirmwareLinkStoreTest extends FirmwareLinkStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected FirmwareLinkStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareLinkStore(db);
    }

    @Override
    protected FirmwareLinkStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareLinkStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }

    @Test
    void reported_versions_survive_a_restart_and_the_last_one_wins() {
        RocksDbDeviceFirmwareVersions versions = new RocksDbDeviceFirmwareVersions(db);
        assertThat(versions.versionOf("dev-1")).isEmpty();
        versions.record("dev-1", "1.0.0");
        versions.record("dev-1", "1.1.0");
        versions.record("dev-2", "0.9");
        reopenStore();
        versions = new RocksDbDeviceFirmwareVersions(db);
        assertThat(versions.versionOf("dev-1")).contains("1.1.0");
        assertThat(versions.versionOf("dev-2")).contains("0.9");
    }
}
