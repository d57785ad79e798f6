// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStore;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * {@link FirmwareUpdateStore} on RocksDB: updates keyed by their time-ordered id, indexed by {@code endpoint 0x00 id}
 * and {@code campaignId 0x00 id} (prefix scans in creation order) and by id for the unfinished ones only. An update
 * and its indexes are written in one batch.
 */
public class RocksDbFirmwareUpdateStore implements FirmwareUpdateStore {

    private static final byte[] EMPTY = new byte[0];

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbFirmwareUpdateStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private static byte[] key(String owner, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(owner.length() + id.length() + 1);
        out.writeBytes(owner.getBytes(UTF_8));
        out.write(0);
        out.writeBytes(id.getBytes(UTF_8));
        return out.toByteArray();
    }

    /** @return the first key after every key of {@code owner}: the owner followed by 0x01. */
    private static byte[] prefixEnd(String owner) {
        byte[] end = key(owner, "");
        end[end.length - 1] = 1;
        return end;
    }

    @Override
    public void put(FirmwareUpdate update) {
        byte[] id = update.id().getBytes(UTF_8);
        Batch batch = new Batch().put(ColumnFamily.FIRMWARE_UPDATES, id, StoreJson.write(update))
                .put(ColumnFamily.FIRMWARE_UPDATES_BY_DEVICE, key(update.endpoint(), update.id()), EMPTY);
        if (update.campaignId() != null) {
            batch.put(ColumnFamily.FIRMWARE_UPDATES_BY_CAMPAIGN, key(update.campaignId(), update.id()), EMPTY);
        }
        if (update.status().isFinal()) {
            batch.delete(ColumnFamily.FIRMWARE_UPDATES_UNFINISHED, id);
        } else {
            batch.put(ColumnFamily.FIRMWARE_UPDATES_UNFINISHED, id, update.endpoint().getBytes(UTF_8));
        }
        db.write(batch);
    }

    @Override
    public Optional<FirmwareUpdate> find(String id) {
        return Optional.ofNullable(db.get(ColumnFamily.FIRMWARE_UPDATES, id.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, FirmwareUpdate.class));
    }

    @Override
    public Optional<FirmwareUpdate> latest(String endpoint) {
        byte[] prefix = key(endpoint, "");
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE_UPDATES_BY_DEVICE)) {
            it.seekForPrev(prefixEnd(endpoint));
            if (it.isValid() && startsWith(it.key(), prefix)) {
                return find(idOf(it.key(), prefix));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<FirmwareUpdate> forDevice(String endpoint) {
        List<FirmwareUpdate> result = indexed(ColumnFamily.FIRMWARE_UPDATES_BY_DEVICE, endpoint);
        Collections.reverse(result);
        return result;
    }

    @Override
    public List<FirmwareUpdate> forCampaign(String campaignId) {
        return indexed(ColumnFamily.FIRMWARE_UPDATES_BY_CAMPAIGN, campaignId);
    }

    private List<FirmwareUpdate> indexed(ColumnFamily index, String owner) {
        byte[] prefix = key(owner, "");
        List<FirmwareUpdate> result = new ArrayList<>();
        try (Slice upper = new Slice(prefixEnd(owner)); ReadOptions bounded = new ReadOptions()
                .setIterateUpperBound(upper); RocksIterator it = db.iterator(index, bounded)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                find(idOf(it.key(), prefix)).ifPresent(result::add);
            }
        }
        return result;
    }

    @Override
    public List<FirmwareUpdate> unfinished() {
        List<FirmwareUpdate> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE_UPDATES_UNFINISHED)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                find(new String(it.key(), UTF_8)).filter(u -> !u.status().isFinal()).ifPresent(result::add);
            }
        }
        return result;
    }

    private static String idOf(byte[] key, byte[] prefix) {
        return new String(key, prefix.length, key.length - prefix.length, UTF_8);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
