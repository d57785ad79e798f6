// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.bootstrap.BootstrapProfile;
import org.motehub.model.bootstrap.BootstrapState;
import org.motehub.model.bootstrap.BootstrapStore;
import org.rocksdb.RocksIterator;

/** {@link BootstrapStore} on RocksDB: states keyed by endpoint, profiles keyed by device type. */
public class RocksDbBootstrapStore implements BootstrapStore {

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbBootstrapStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<BootstrapState> findState(String endpoint) {
        return Optional.ofNullable(db.get(ColumnFamily.BOOTSTRAP_STATE, endpoint.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, BootstrapState.class));
    }

    @Override
    public void putState(BootstrapState state) {
        db.put(ColumnFamily.BOOTSTRAP_STATE, state.endpoint().getBytes(UTF_8), StoreJson.write(state));
    }

    @Override
    public Optional<BootstrapProfile> findProfile(String type) {
        return Optional.ofNullable(db.get(ColumnFamily.BOOTSTRAP_PROFILES, type.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, BootstrapProfile.class));
    }

    @Override
    public void putProfile(BootstrapProfile profile) {
        db.put(ColumnFamily.BOOTSTRAP_PROFILES, profile.type().getBytes(UTF_8), StoreJson.write(profile));
    }

    @Override
    public List<BootstrapProfile> listProfiles() {
        List<BootstrapProfile> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.BOOTSTRAP_PROFILES)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                result.add(StoreJson.read(it.value(), BootstrapProfile.class));
            }
        }
        return result;
    }
}
