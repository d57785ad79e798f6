// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.server.redis.serialization.ObservationSerDes;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.rocksdb.MotehubDb;

/**
 * Runs the {@link RegistrationStoreContract} on {@link RocksDbRegistrationStore} over a real RocksDB database, plus
 * what only this store does: loading what it finds in RocksDB at start-up.
 */
class RocksDbRegistrationStoreTest extends RegistrationStoreContract {

    @TempDir
    Path dir;

    private MotehubDb db;
    private final List<RocksDbRegistrationStore> opened = new ArrayList<>();

    private RocksDbRegistrationStore open() {
        db = MotehubDb.open(dir);
        RocksDbRegistrationStore s = new RocksDbRegistrationStore(db, 1);
        opened.add(s);
        return s;
    }

    @Override
    protected RegistrationStore newStore() {
        return open();
    }

    @Override
    protected RegistrationStore reopen(RegistrationStore old) {
        ((RocksDbRegistrationStore) old).destroy();
        db.close();
        return open();
    }

    /** Stops every cleaner before the database closes, so none writes to a closed database. */
    @AfterEach
    void closeStoresAndDb() {
        opened.forEach(RocksDbRegistrationStore::destroy);
        db.close();
    }

    @Test
    void unreadable_stored_registration_is_skipped_and_the_others_load() {
        Registration r = registration("reg-1", "dev-1", 1);
        store.addRegistration(r);
        db.put(ColumnFamily.REGISTRATIONS, "reg-0".getBytes(UTF_8), "{not json".getBytes(UTF_8));

        store = reopen(store);

        assertThat(store.getRegistration("reg-1")).isEqualTo(r);
        assertThat(store.getRegistration("reg-0")).isNull();
    }

    @Test
    void stored_observation_of_an_unknown_registration_is_deleted_at_load() {
        store.addRegistration(registration("reg-1", "dev-1", 1));
        byte[] orphanKey = observationId(9).getBytes();
        db.put(ColumnFamily.OBSERVATIONS, orphanKey,
                new ObservationSerDes().serialize(observation(9, "reg-gone", "/3303/0/5700")));

        store = reopen(store);

        assertThat(store.getObservation(observationId(9))).isNull();
        assertThat(db.get(ColumnFamily.OBSERVATIONS, orphanKey)).isNull();
    }
}
