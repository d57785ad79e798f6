// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.NotFoundException;
import org.motehub.model.PreconditionFailedException;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.ProfileStore;
import org.rocksdb.RocksIterator;

/**
 * {@link ProfileStore} on RocksDB: one record per profile, keyed by its name, as JSON. Inserts and replaces take one
 * lock so that the existence and version checks and the write are atomic; reads take none.
 */
public class RocksDbProfileStore implements ProfileStore {

    private final MotehubDb db;
    private final Object writeLock = new Object();

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbProfileStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private static byte[] key(String name) {
        return name.getBytes(UTF_8);
    }

    @Override
    public void insert(DeviceProfile profile) {
        synchronized (writeLock) {
            if (db.get(ColumnFamily.PROFILES, key(profile.name())) != null) {
                throw new ConflictException("a profile named " + profile.name() + " already exists",
                        List.of(new FieldError("name", "is already used by another profile")));
            }
            db.put(ColumnFamily.PROFILES, key(profile.name()), StoreJson.write(profile));
        }
    }

    @Override
    public Optional<DeviceProfile> find(String name) {
        return Optional.ofNullable(db.get(ColumnFamily.PROFILES, key(name)))
                .map(b -> StoreJson.read(b, DeviceProfile.class));
    }

    @Override
    public List<DeviceProfile> list(String afterName, int max) {
        List<DeviceProfile> result = new ArrayList<>(Math.min(max, 1024));
        try (RocksIterator it = db.iterator(ColumnFamily.PROFILES)) {
            if (afterName == null) {
                it.seekToFirst();
            } else {
                byte[] after = key(afterName);
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            for (; it.isValid() && result.size() < max; it.next()) {
                result.add(StoreJson.read(it.value(), DeviceProfile.class));
            }
        }
        return result;
    }

    @Override
    public void replace(DeviceProfile profile, long expectedVersion) {
        synchronized (writeLock) {
            DeviceProfile current = find(profile.name())
                    .orElseThrow(() -> new NotFoundException("no profile named " + profile.name()));
            if (current.version() != expectedVersion) {
                throw new PreconditionFailedException("profile " + profile.name() + " is at version "
                        + current.version() + ", not " + expectedVersion + "; read it again and retry");
            }
            db.put(ColumnFamily.PROFILES, key(profile.name()), StoreJson.write(profile));
        }
    }

    @Override
    public boolean delete(String name) {
        synchronized (writeLock) {
            if (db.get(ColumnFamily.PROFILES, key(name)) == null) {
                return false;
            }
            db.delete(ColumnFamily.PROFILES, key(name));
            return true;
        }
    }
}
