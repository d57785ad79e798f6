// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.command.Command;
import org.motehub.model.command.CommandStore;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * {@link CommandStore} on RocksDB. Keys are {@code endpoint 0x00 id}: ids are time-ordered, so one prefix scan reads
 * a device's commands oldest first. A second column family indexes unfinished commands only, so that the queue of a
 * device is read without touching its history.
 */
public class RocksDbCommandStore implements CommandStore {

    private static final byte[] EMPTY = new byte[0];

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbCommandStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    static byte[] key(String endpoint, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(endpoint.length() + id.length() + 1);
        out.writeBytes(endpoint.getBytes(UTF_8));
        out.write(0);
        out.writeBytes(id.getBytes(UTF_8));
        return out.toByteArray();
    }

    private static byte[] prefix(String endpoint) {
        return key(endpoint, "");
    }

    /** @return the first key after every key of {@code endpoint}: the endpoint followed by 0x01. */
    private static byte[] prefixEnd(String endpoint) {
        byte[] end = prefix(endpoint);
        end[end.length - 1] = 1;
        return end;
    }

    @Override
    public void put(Command command) {
        byte[] key = key(command.endpoint(), command.id());
        Batch batch = new Batch().put(ColumnFamily.COMMANDS, key, StoreJson.write(command));
        if (command.status().isFinal()) {
            batch.delete(ColumnFamily.COMMAND_QUEUE, key);
        } else {
            batch.put(ColumnFamily.COMMAND_QUEUE, key, EMPTY);
        }
        db.write(batch);
    }

    @Override
    public Optional<Command> find(String endpoint, String id) {
        return Optional.ofNullable(db.get(ColumnFamily.COMMANDS, key(endpoint, id)))
                .map(b -> StoreJson.read(b, Command.class));
    }

    @Override
    public List<Command> list(String endpoint, String afterId, int max) {
        byte[] prefix = prefix(endpoint);
        List<Command> result = new ArrayList<>();
        try (Slice upper = new Slice(prefixEnd(endpoint)); ReadOptions bounded = new ReadOptions()
                .setIterateUpperBound(upper); RocksIterator it = db.iterator(ColumnFamily.COMMANDS, bounded)) {
            byte[] start = afterId == null ? prefix : key(endpoint, afterId);
            it.seek(start);
            if (afterId != null && it.isValid() && Arrays.equals(it.key(), start)) {
                it.next();
            }
            for (; it.isValid() && result.size() < max && startsWith(it.key(), prefix); it.next()) {
                result.add(StoreJson.read(it.value(), Command.class));
            }
        }
        return result;
    }

    @Override
    public List<Command> unfinished(String endpoint) {
        byte[] prefix = prefix(endpoint);
        List<Command> result = new ArrayList<>();
        // the upper bound stops the seek at this device's keys instead of walking the tombstones of every command
        // that ever finished after them (the queue index is mostly deletes)
        try (Slice upper = new Slice(prefixEnd(endpoint)); ReadOptions bounded = new ReadOptions()
                .setIterateUpperBound(upper); RocksIterator it = db.iterator(ColumnFamily.COMMAND_QUEUE, bounded)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                readIndexed(it.key()).ifPresent(result::add);
            }
        }
        return result;
    }

    @Override
    public List<Command> allUnfinished() {
        List<Command> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.COMMAND_QUEUE)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                readIndexed(it.key()).ifPresent(result::add);
            }
        }
        return result;
    }

    private Optional<Command> readIndexed(byte[] key) {
        return Optional.ofNullable(db.get(ColumnFamily.COMMANDS, key)).map(b -> StoreJson.read(b, Command.class))
                .filter(c -> !c.status().isFinal());
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
