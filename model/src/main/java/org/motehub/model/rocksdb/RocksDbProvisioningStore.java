// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.provisioning.ProvisioningBatch;
import org.motehub.model.provisioning.ProvisioningStore;
import org.rocksdb.RocksIterator;

/** {@link ProvisioningStore} on RocksDB: batches and their secrets keyed by the time-ordered batch id. */
public class RocksDbProvisioningStore implements ProvisioningStore {

    private final MotehubDb db;
    /** Makes a take (read, then delete) atomic against another take of the same secrets. */
    private final Object takeLock = new Object();

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbProvisioningStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void put(ProvisioningBatch batch) {
        db.put(ColumnFamily.PROVISIONING_BATCHES, batch.id().getBytes(UTF_8), StoreJson.write(batch));
    }

    @Override
    public void putWithSecrets(ProvisioningBatch batch, byte[] secretsCsv) {
        byte[] key = batch.id().getBytes(UTF_8);
        db.write(new Batch().put(ColumnFamily.PROVISIONING_BATCHES, key, StoreJson.write(batch))
                .put(ColumnFamily.PROVISIONING_SECRETS, key, secretsCsv));
    }

    @Override
    public Optional<ProvisioningBatch> find(String id) {
        return Optional.ofNullable(db.get(ColumnFamily.PROVISIONING_BATCHES, id.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, ProvisioningBatch.class));
    }

    @Override
    public List<ProvisioningBatch> list() {
        List<ProvisioningBatch> result = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.PROVISIONING_BATCHES)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                result.add(StoreJson.read(it.value(), ProvisioningBatch.class));
            }
        }
        return result;
    }

    @Override
    public Optional<byte[]> takeSecrets(String id, ProvisioningBatch delivered) {
        byte[] key = id.getBytes(UTF_8);
        synchronized (takeLock) {
            byte[] secrets = db.get(ColumnFamily.PROVISIONING_SECRETS, key);
            if (secrets == null) {
                return Optional.empty();
            }
            db.write(new Batch().delete(ColumnFamily.PROVISIONING_SECRETS, key)
                    .put(ColumnFamily.PROVISIONING_BATCHES, key, StoreJson.write(delivered)));
            return Optional.of(secrets);
        }
    }
}
