// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotehubDbTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void a_database_already_open_cannot_be_opened_again() {
        try (MotehubDb first = MotehubDb.open(dir)) {
            assertThatThrownBy(() -> MotehubDb.open(dir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(dir.toString());
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void close_is_idempotent_and_releases_the_lock() {
        MotehubDb db = MotehubDb.open(dir);
        db.close();
        db.close();

        assertThat(db.isClosed()).isTrue();
        try (MotehubDb again = MotehubDb.open(dir)) {
            assertThat(again.dir()).isEqualTo(dir);
        }
    }

    @Test
    void a_batch_applies_puts_and_deletes_across_column_families() {
        try (MotehubDb db = MotehubDb.open(dir)) {
            db.put(ColumnFamily.CREDENTIALS, bytes("k"), bytes("old"));

            db.write(new Batch().put(ColumnFamily.DEVICES, bytes("k"), bytes("device"))
                    .delete(ColumnFamily.CREDENTIALS, bytes("k"))
                    .put(ColumnFamily.COMMANDS, bytes("k"), bytes("command")));

            assertThat(db.get(ColumnFamily.DEVICES, bytes("k"))).isEqualTo(bytes("device"));
            assertThat(db.get(ColumnFamily.CREDENTIALS, bytes("k"))).isNull();
            assertThat(db.get(ColumnFamily.COMMANDS, bytes("k"))).isEqualTo(bytes("command"));
            assertThat(db.get(ColumnFamily.COMMAND_QUEUE, bytes("k"))).isNull();
        }
    }

    @Test
    void writes_survive_close_and_reopen_with_and_without_fsync() {
        try (MotehubDb db = MotehubDb.open(dir, true)) {
            db.put(ColumnFamily.REGISTRATIONS, bytes("synced"), bytes("1"));
        }
        try (MotehubDb db = MotehubDb.open(dir, false)) {
            db.put(ColumnFamily.OBSERVATIONS, bytes("unsynced"), bytes("2"));
        }

        try (MotehubDb db = MotehubDb.open(dir)) {
            assertThat(db.get(ColumnFamily.REGISTRATIONS, bytes("synced"))).isEqualTo(bytes("1"));
            assertThat(db.get(ColumnFamily.OBSERVATIONS, bytes("unsynced"))).isEqualTo(bytes("2"));
            assertThat(db.get(ColumnFamily.REGISTRATIONS, bytes("unsynced"))).isNull();
        }
    }
}
