// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;

/** {@link PresenceWriter} over a real RocksDB store; what reached the disk is read by a second store instance. */
class PresenceWriterTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private MotehubDb db;
    private RocksDbDeviceStore store;
    private Device seen;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        store = new RocksDbDeviceStore(db);
        store.insert(Device.provisioning("dev-1", "one", T0), new PskCredentials("dev-1", "id-1", new byte[16]));
        seen = store.find("dev-1").orElseThrow().seen(true, T0.plusSeconds(1));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** @return the device as stored on disk: a new store instance loads it from the database. */
    private Device onDisk() {
        return new RocksDbDeviceStore(db).find("dev-1").orElseThrow();
    }

    @Test
    void a_started_writer_writes_each_change_within_its_interval() throws InterruptedException {
        try (PresenceWriter writer = new PresenceWriter(store, Duration.ofMillis(5))) {
            writer.start();
            store.updatePresence(seen);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!onDisk().equals(seen) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(onDisk()).isEqualTo(seen);
        }
    }

    @Test
    void close_writes_what_is_still_waiting() {
        PresenceWriter writer = new PresenceWriter(store, Duration.ofHours(1));
        writer.start();
        store.updatePresence(seen);
        assertThat(onDisk().online()).isFalse();

        writer.close();

        assertThat(onDisk()).isEqualTo(seen);
    }

    @Test
    void halt_leaves_the_waiting_changes_unwritten_as_a_crash_would() {
        PresenceWriter writer = new PresenceWriter(store, Duration.ofHours(1));
        writer.start();
        store.updatePresence(seen);

        writer.halt();
        writer.halt();

        assertThat(onDisk().online()).isFalse();
        assertThat(store.find("dev-1")).contains(seen);
    }

    @Test
    void the_interval_must_be_positive() {
        assertThatThrownBy(() -> new PresenceWriter(store, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
