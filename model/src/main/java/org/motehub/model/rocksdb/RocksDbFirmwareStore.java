// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareStore;
import org.rocksdb.RocksIterator;

/**
 * {@link FirmwareStore} on RocksDB: metadata as JSON in {@link ColumnFamily#FIRMWARE}, the image cut into chunks of
 * {@value #CHUNK_BYTES} bytes in {@link ColumnFamily#FIRMWARE_BLOBS} (BlobDB, so the bytes stay out of the LSM tree)
 * under {@code id chunkIndex} (index 4 bytes big-endian; ids have a fixed length, so keys of two images never
 * interleave). Metadata and every chunk go in one batch, so a crash mid-upload leaves nothing behind.
 */
public class RocksDbFirmwareStore implements FirmwareStore {

    /** Size of every chunk but the last. */
    public static final int CHUNK_BYTES = 64 * 1024;

    private final MotehubDb db;
    private final Object writeLock = new Object();

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbFirmwareStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private static byte[] key(String id) {
        return id.getBytes(UTF_8);
    }

    static byte[] chunkKey(String id, int index) {
        byte[] idBytes = key(id);
        return ByteBuffer.allocate(idBytes.length + 4).put(idBytes).putInt(index).array();
    }

    private static int chunkCount(long size) {
        return (int) ((size + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }

    @Override
    public void insert(Firmware firmware, List<byte[]> image) {
        long total = 0;
        for (byte[] piece : image) {
            total += piece.length;
        }
        if (total != firmware.size()) {
            throw new IllegalArgumentException("image has " + total + " bytes, firmware says " + firmware.size());
        }
        Batch batch = new Batch().put(ColumnFamily.FIRMWARE, key(firmware.id()), StoreJson.write(firmware));
        int index = 0;
        byte[] chunk = null;
        int filled = 0;
        for (byte[] piece : image) {
            if (filled == 0 && piece.length == CHUNK_BYTES) {
                batch.put(ColumnFamily.FIRMWARE_BLOBS, chunkKey(firmware.id(), index++), piece);
                continue;
            }
            int at = 0;
            while (at < piece.length) {
                if (chunk == null) {
                    chunk = new byte[(int) Math.min(CHUNK_BYTES, firmware.size() - (long) index * CHUNK_BYTES)];
                    filled = 0;
                }
                int n = Math.min(piece.length - at, chunk.length - filled);
                System.arraycopy(piece, at, chunk, filled, n);
                at += n;
                filled += n;
                if (filled == chunk.length) {
                    batch.put(ColumnFamily.FIRMWARE_BLOBS, chunkKey(firmware.id(), index++), chunk);
                    chunk = null;
                    filled = 0;
                }
            }
        }
        synchronized (writeLock) {
            if (db.get(ColumnFamily.FIRMWARE, key(firmware.id())) != null) {
                throw new ConflictException("a firmware with id " + firmware.id() + " already exists");
            }
            db.write(batch);
        }
    }

    @Override
    public Optional<Firmware> find(String id) {
        return Optional.ofNullable(db.get(ColumnFamily.FIRMWARE, key(id))).map(b -> StoreJson.read(b, Firmware.class));
    }

    @Override
    public List<Firmware> list() {
        List<Firmware> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                result.add(StoreJson.read(it.value(), Firmware.class));
            }
        }
        return result;
    }

    @Override
    public void update(Firmware firmware) {
        synchronized (writeLock) {
            Firmware current = find(firmware.id())
                    .orElseThrow(() -> new NotFoundException("no firmware with id " + firmware.id()));
            if (current.size() != firmware.size() || !current.sha256().equals(firmware.sha256())) {
                throw new IllegalArgumentException("the image of firmware " + firmware.id() + " cannot change");
            }
            db.put(ColumnFamily.FIRMWARE, key(firmware.id()), StoreJson.write(firmware));
        }
    }

    @Override
    public byte[] read(String id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        Firmware firmware = find(id).orElseThrow(() -> new NotFoundException("no firmware with id " + id));
        if (offset >= firmware.size() || length == 0) {
            return new byte[0];
        }
        long end = Math.min(firmware.size(), offset + length);
        byte[] out = new byte[(int) (end - offset)];
        int first = (int) (offset / CHUNK_BYTES);
        int last = (int) ((end - 1) / CHUNK_BYTES);
        for (int index = first; index <= last; index++) {
            byte[] chunk = db.get(ColumnFamily.FIRMWARE_BLOBS, chunkKey(id, index));
            if (chunk == null) {
                throw new StoreException("chunk " + index + " of firmware " + id + " is missing", null);
            }
            long chunkStart = (long) index * CHUNK_BYTES;
            long from = Math.max(offset, chunkStart);
            long to = Math.min(end, chunkStart + chunk.length);
            System.arraycopy(chunk, (int) (from - chunkStart), out, (int) (from - offset), (int) (to - from));
        }
        return out;
    }

    @Override
    public boolean delete(String id) {
        synchronized (writeLock) {
            Optional<Firmware> current = find(id);
            if (current.isEmpty()) {
                return false;
            }
            Batch batch = new Batch().delete(ColumnFamily.FIRMWARE, key(id));
            int chunks = chunkCount(current.get().size());
            for (int index = 0; index < chunks; index++) {
                batch.delete(ColumnFamily.FIRMWARE_BLOBS, chunkKey(id, index));
            }
            db.write(batch);
            return true;
        }
    }

    /** @return how many chunks of {@code id} are stored (for tests and diagnostics: complete, or zero). */
    int storedChunks(String id) {
        byte[] prefix = key(id);
        int count = 0;
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE_BLOBS)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                count++;
            }
        }
        return count;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
