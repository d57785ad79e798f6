// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.firmware.FirmwareStore;
import org.motehub.model.firmware.FirmwareStoreContract;

/** Runs the {@link FirmwareStoreContract} on a real RocksDB database in a temporary directory, plus its layout. */
class RocksDbFirmwareStoreTest extends FirmwareStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;

    @Override
    protected FirmwareStore newStore() {
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareStore(db);
    }

    @Override
    protected FirmwareStore reopenStore() {
        db.close();
        db = MotehubDb.open(dir);
        return new RocksDbFirmwareStore(db);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }

    @Test
    void image_is_cut_into_64_KiB_chunks_under_id_and_big_endian_index() {
        byte[] image = bytes(3 * RocksDbFirmwareStore.CHUNK_BYTES + 5, 1);
        store.insert(firmware(id(1), "2.0.0", image.length), List.of(image));

        RocksDbFirmwareStore rocks = (RocksDbFirmwareStore) store;
        assertThat(rocks.storedChunks(id(1))).isEqualTo(4);
        assertThat(db.get(ColumnFamily.FIRMWARE_BLOBS, RocksDbFirmwareStore.chunkKey(id(1), 3))).hasSize(5);
        assertThat(RocksDbFirmwareStore.chunkKey(id(1), 258)).endsWith(0, 0, 1, 2);
    }

    @Test
    void delete_leaves_no_chunk_behind() {
        byte[] image = bytes(200_000, 2);
        store.insert(firmware(id(1), "2.0.0", image.length), List.of(image));

        store.delete(id(1));

        assertThat(((RocksDbFirmwareStore) store).storedChunks(id(1))).isZero();
    }

    @Test
    void refused_insert_writes_no_chunk() {
        assertThatThrownBy(() -> store.insert(firmware(id(1), "2.0.0", 200_001), List.of(bytes(200_000, 3))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(((RocksDbFirmwareStore) store).storedChunks(id(1))).isZero();
    }

    @Test
    void image_chunks_go_to_blob_files() {
        byte[] image = bytes(5 * RocksDbFirmwareStore.CHUNK_BYTES, 4);
        store.insert(firmware(id(1), "2.0.0", image.length), List.of(image));

        store = reopenStore(); // closing flushes the memtable, which writes the large values into blob files

        assertThat(Long.parseLong(db.property(ColumnFamily.FIRMWARE_BLOBS, "rocksdb.num-blob-files"))).isPositive();
        assertThat(Long.parseLong(db.property(ColumnFamily.FIRMWARE, "rocksdb.num-blob-files"))).isZero();
        assertThat(store.read(id(1), 0, image.length)).isEqualTo(image);
    }
}
