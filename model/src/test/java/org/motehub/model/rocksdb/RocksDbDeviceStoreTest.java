// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

    @Test
    void an_unreadable_stored_device_fails_alone_and_does_not_stop_the_store_from_opening() {
        store.insert(device("dev-1"), credentials("dev-1", "id-1"));
        store.insert(device("dev-2"), credentials("dev-2", "id-2"));
        db.put(ColumnFamily.DEVICES, "dev-1".getBytes(UTF_8), "{not json".getBytes(UTF_8));
        db.put(ColumnFamily.CREDENTIALS, "dev-1".getBytes(UTF_8), "{not json".getBytes(UTF_8));

        store = reopenStore();

        assertThatThrownBy(() -> store.find("dev-1")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.findCredentialsByIdentity("id-1")).isInstanceOf(StoreException.class);
        assertThat(store.find("dev-2")).isPresent();
        assertThat(store.findCredentialsByIdentity("id-2")).isPresent();
        assertThat(store.count()).isEqualTo(2);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }
}
