// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.motehub.model.firmware.FirmwareLink;
import org.motehub.model.firmware.FirmwareLinkStore;
import org.rocksdb.RocksIterator;

/**
 * {@link FirmwareLinkStore} on RocksDB: token -> FirmwareLink JSON in {@code firmware_links}. Lookups by update and
 * expiry scan the family, which holds one link per device being updated.
 */
public class RocksDbFirmwareLinkStore implements FirmwareLinkStore {

    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final MotehubDb db;
    private final SecureRandom random = new SecureRandom();

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbFirmwareLinkStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public FirmwareLink create(String endpoint, String updateId, String firmwareId, Instant expiresAt) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        FirmwareLink link = new FirmwareLink(TOKEN_ENCODER.encodeToString(bytes), endpoint, updateId, firmwareId,
                expiresAt);
        db.put(ColumnFamily.FIRMWARE_LINKS, link.token().getBytes(UTF_8), StoreJson.write(link));
        return link;
    }

    @Override
    public Optional<FirmwareLink> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(db.get(ColumnFamily.FIRMWARE_LINKS, token.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, FirmwareLink.class));
    }

    @Override
    public List<FirmwareLink> forUpdate(String updateId) {
        return scan(l -> l.updateId().equals(updateId));
    }

    @Override
    public void delete(String token) {
        db.delete(ColumnFamily.FIRMWARE_LINKS, token.getBytes(UTF_8));
    }

    @Override
    public int deleteForUpdate(String updateId) {
        return deleteAll(forUpdate(updateId));
    }

    @Override
    public int deleteExpired(Instant now) {
        return deleteAll(scan(l -> l.expired(now)));
    }

    private int deleteAll(List<FirmwareLink> links) {
        if (links.isEmpty()) {
            return 0;
        }
        Batch batch = new Batch();
        links.forEach(l -> batch.delete(ColumnFamily.FIRMWARE_LINKS, l.token().getBytes(UTF_8)));
        db.write(batch);
        return links.size();
    }

    private List<FirmwareLink> scan(Predicate<FirmwareLink> filter) {
        List<FirmwareLink> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE_LINKS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                FirmwareLink link = StoreJson.read(it.value(), FirmwareLink.class);
                if (filter.test(link)) {
                    result.add(link);
                }
            }
        }
        return result;
    }
}
