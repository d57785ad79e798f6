// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceStore;
import org.rocksdb.RocksIterator;

/**
 * {@link DeviceStore} on RocksDB: devices keyed by endpoint, credentials keyed by endpoint, and an identity index,
 * each in its own column family and always written together in one batch.
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
    public void insert(Device device, PskCredentials credentials) {
        if (!device.endpoint().equals(credentials.endpoint())) {
            throw new IllegalArgumentException("credentials belong to another endpoint");
        }
        synchronized (insertLock) {
            if (db.get(ColumnFamily.DEVICES, key(device.endpoint())) != null) {
                throw new ConflictException("a device with endpoint " + device.endpoint() + " already exists",
                        List.of(new FieldError("endpoint", "is already used by another device")));
            }
            if (db.get(ColumnFamily.CREDENTIAL_IDENTITIES, key(credentials.identity())) != null) {
                throw new ConflictException("PSK identity " + credentials.identity() + " is already used",
                        List.of(new FieldError("credentials.identity", "is already used by another device")));
            }
            db.write(new Batch().put(ColumnFamily.DEVICES, key(device.endpoint()), StoreJson.write(device))
                    .put(ColumnFamily.CREDENTIALS, key(device.endpoint()), StoreJson.write(credentials))
                    .put(ColumnFamily.CREDENTIAL_IDENTITIES, key(credentials.identity()), key(device.endpoint())));
            count.incrementAndGet();
        }
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
        Batch batch = new Batch().put(ColumnFamily.DEVICES, key(device.endpoint()), StoreJson.write(device))
                .delete(ColumnFamily.CREDENTIALS, key(device.endpoint()));
        findCredentials(device.endpoint())
                .ifPresent(c -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity())));
        synchronized (insertLock) {
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
        return Optional.ofNullable(db.get(ColumnFamily.CREDENTIALS, key(endpoint)))
                .map(b -> StoreJson.read(b, PskCredentials.class));
    }

    @Override
    public Optional<PskCredentials> findCredentialsByIdentity(String identity) {
        byte[] endpoint = db.get(ColumnFamily.CREDENTIAL_IDENTITIES, key(identity));
        if (endpoint == null) {
            return Optional.empty();
        }
        return findCredentials(new String(endpoint, UTF_8)).filter(c -> c.identity().equals(identity));
    }
}
