// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceRecord;
import org.motehub.model.device.DeviceStore;
import org.rocksdb.RocksIterator;

/**
 * {@link DeviceStore} on RocksDB: devices keyed by endpoint; current, pending and bootstrap credentials keyed by
 * endpoint; one index of DM identities (current and pending) and one of bootstrap identities, each in its own column
 * family and always written together in one batch. Uniqueness checks and credential changes are serialized by one
 * lock; reads take none.
 */
public class RocksDbDeviceStore implements DeviceStore {

    private final MotehubDb db;
    /** Serializes the uniqueness checks of inserts; reads and updates do not take it. */
    private final Object insertLock = new Object();
    /** Exact count: devices are never deleted, so one scan at start-up and one increment per insert keep it. */
    private final AtomicLong count = new AtomicLong();

    /**
     * Opens the store, counting the devices already stored.
     *
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbDeviceStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
        try (RocksIterator it = db.iterator(ColumnFamily.DEVICES)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                count.incrementAndGet();
            }
        }
    }

    private static byte[] key(String s) {
        return s.getBytes(UTF_8);
    }

    @Override
    public void insert(DeviceRecord record) {
        synchronized (insertLock) {
            List<FieldError> conflicts = new ArrayList<>();
            checkFree(record, "", conflicts, null);
            if (!conflicts.isEmpty()) {
                throw new ConflictException(conflicts.get(0).message(), conflicts);
            }
            Batch batch = new Batch();
            addInsert(record, batch);
            db.write(batch);
            count.incrementAndGet();
        }
    }

    @Override
    public void insertAll(List<DeviceRecord> records) {
        synchronized (insertLock) {
            List<FieldError> conflicts = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < records.size(); i++) {
                checkFree(records.get(i), "[" + i + "].", conflicts, seen);
            }
            if (!conflicts.isEmpty()) {
                throw new ConflictException(conflicts.size() + " records clash with stored devices or with each "
                        + "other; nothing was created", conflicts);
            }
            Batch batch = new Batch();
            records.forEach(r -> addInsert(r, batch));
            db.write(batch);
            count.addAndGet(records.size());
        }
    }

    /** Adds a conflict for each endpoint or identity of {@code r} that is taken, in the store or in {@code seen}. */
    private void checkFree(DeviceRecord r, String prefix, List<FieldError> conflicts, Set<String> seen) {
        String endpoint = r.device().endpoint();
        if (db.get(ColumnFamily.DEVICES, key(endpoint)) != null || seen != null && !seen.add("e:" + endpoint)) {
            conflicts.add(new FieldError(prefix + "endpoint", "endpoint " + endpoint + " is already used"));
        }
        r.dm().ifPresent(c -> {
            if (db.get(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity())) != null
                    || seen != null && !seen.add("d:" + c.identity())) {
                conflicts.add(new FieldError(prefix + "credentials.identity",
                        "PSK identity " + c.identity() + " is already used"));
            }
        });
        r.bootstrap().ifPresent(c -> {
            if (db.get(ColumnFamily.BOOTSTRAP_IDENTITIES, key(c.identity())) != null
                    || seen != null && !seen.add("b:" + c.identity())) {
                conflicts.add(new FieldError(prefix + "bootstrapCredentials.identity",
                        "bootstrap PSK identity " + c.identity() + " is already used"));
            }
        });
    }

    private static void addInsert(DeviceRecord r, Batch batch) {
        byte[] endpoint = key(r.device().endpoint());
        batch.put(ColumnFamily.DEVICES, endpoint, StoreJson.write(r.device()));
        r.dm().ifPresent(c -> batch.put(ColumnFamily.CREDENTIALS, endpoint, StoreJson.write(c))
                .put(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity()), endpoint));
        r.bootstrap().ifPresent(c -> batch.put(ColumnFamily.BOOTSTRAP_CREDENTIALS, endpoint, StoreJson.write(c))
                .put(ColumnFamily.BOOTSTRAP_IDENTITIES, key(c.identity()), endpoint));
    }

    @Override
    public Optional<Device> find(String endpoint) {
        return Optional.ofNullable(db.get(ColumnFamily.DEVICES, key(endpoint)))
                .map(b -> StoreJson.read(b, Device.class));
    }

    @Override
    public void update(Device device) {
        requireExisting(device.endpoint());
        db.put(ColumnFamily.DEVICES, key(device.endpoint()), StoreJson.write(device));
    }

    @Override
    public void updateAndEraseCredentials(Device device) {
        requireExisting(device.endpoint());
        byte[] endpoint = key(device.endpoint());
        synchronized (insertLock) {
            Batch batch = new Batch().put(ColumnFamily.DEVICES, endpoint, StoreJson.write(device))
                    .delete(ColumnFamily.CREDENTIALS, endpoint).delete(ColumnFamily.CREDENTIALS_PENDING, endpoint)
                    .delete(ColumnFamily.BOOTSTRAP_CREDENTIALS, endpoint);
            read(ColumnFamily.CREDENTIALS, device.endpoint())
                    .ifPresent(c -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity())));
            findPendingCredentials(device.endpoint())
                    .ifPresent(c -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity())));
            findBootstrapCredentials(device.endpoint())
                    .ifPresent(c -> batch.delete(ColumnFamily.BOOTSTRAP_IDENTITIES, key(c.identity())));
            db.write(batch);
        }
    }

    private void requireExisting(String endpoint) {
        if (db.get(ColumnFamily.DEVICES, key(endpoint)) == null) {
            throw new NotFoundException("no device with endpoint " + endpoint);
        }
    }

    @Override
    public List<Device> list(String afterEndpoint, int max) {
        List<Device> result = new ArrayList<>(Math.min(max, 1024));
        try (RocksIterator it = db.iterator(ColumnFamily.DEVICES)) {
            if (afterEndpoint == null) {
                it.seekToFirst();
            } else {
                byte[] after = key(afterEndpoint);
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            for (; it.isValid() && result.size() < max; it.next()) {
                result.add(StoreJson.read(it.value(), Device.class));
            }
        }
        return result;
    }

    @Override
    public long count() {
        return count.get();
    }

    @Override
    public Optional<PskCredentials> findCredentials(String endpoint) {
        Optional<PskCredentials> current = read(ColumnFamily.CREDENTIALS, endpoint);
        return current.isPresent() ? current : findPendingCredentials(endpoint);
    }

    @Override
    public Optional<PskCredentials> findCredentialsByIdentity(String identity) {
        byte[] endpoint = db.get(ColumnFamily.CREDENTIAL_IDENTITIES, key(identity));
        if (endpoint == null) {
            return Optional.empty();
        }
        String ep = new String(endpoint, UTF_8);
        Optional<PskCredentials> current = read(ColumnFamily.CREDENTIALS, ep).filter(c -> c.identity().equals(identity));
        return current.isPresent() ? current
                : findPendingCredentials(ep).filter(c -> c.identity().equals(identity));
    }

    @Override
    public Optional<PskCredentials> findPendingCredentials(String endpoint) {
        return read(ColumnFamily.CREDENTIALS_PENDING, endpoint);
    }

    @Override
    public void putPendingCredentials(PskCredentials credentials) {
        requireExisting(credentials.endpoint());
        byte[] endpoint = key(credentials.endpoint());
        synchronized (insertLock) {
            if (db.get(ColumnFamily.CREDENTIAL_IDENTITIES, key(credentials.identity())) != null) {
                throw new ConflictException("PSK identity " + credentials.identity() + " is already used",
                        List.of(new FieldError("credentials.identity", "is already used by other credentials")));
            }
            Batch batch = new Batch().put(ColumnFamily.CREDENTIALS_PENDING, endpoint, StoreJson.write(credentials))
                    .put(ColumnFamily.CREDENTIAL_IDENTITIES, key(credentials.identity()), endpoint);
            findPendingCredentials(credentials.endpoint())
                    .ifPresent(old -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(old.identity())));
            db.write(batch);
        }
    }

    @Override
    public boolean promotePendingCredentials(String endpoint, String identity) {
        byte[] ep = key(endpoint);
        synchronized (insertLock) {
            Optional<PskCredentials> pending = findPendingCredentials(endpoint)
                    .filter(c -> c.identity().equals(identity));
            if (pending.isEmpty()) {
                return false;
            }
            Batch batch = new Batch().put(ColumnFamily.CREDENTIALS, ep, StoreJson.write(pending.get()))
                    .delete(ColumnFamily.CREDENTIALS_PENDING, ep);
            read(ColumnFamily.CREDENTIALS, endpoint)
                    .ifPresent(old -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(old.identity())));
            db.write(batch);
            return true;
        }
    }

    @Override
    public Optional<PskCredentials> findBootstrapCredentials(String endpoint) {
        return read(ColumnFamily.BOOTSTRAP_CREDENTIALS, endpoint);
    }

    @Override
    public Optional<PskCredentials> findBootstrapCredentialsByIdentity(String identity) {
        byte[] endpoint = db.get(ColumnFamily.BOOTSTRAP_IDENTITIES, key(identity));
        if (endpoint == null) {
            return Optional.empty();
        }
        return findBootstrapCredentials(new String(endpoint, UTF_8)).filter(c -> c.identity().equals(identity));
    }

    private Optional<PskCredentials> read(ColumnFamily cf, String endpoint) {
        return Optional.ofNullable(db.get(cf, key(endpoint))).map(b -> StoreJson.read(b, PskCredentials.class));
    }
}
