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
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>
 * Devices and the DM credentials found by identity are also kept decoded in memory (up to {@value #CACHE_MAX}
 * entries each, loaded when the store opens), because every DTLS handshake and every LwM2M request of a device looks
 * them up. A cached entry is replaced or dropped under the same lock as the write that changes it, and filled under
 * that lock, so a lookup never sees an older value than the last write; the database stays the record.
 * <p>
 * Presence changes ({@link #updatePresence}) wait in memory for {@link #writePresence()}, which writes them all in one
 * batch; lookups and listings see them meanwhile. A plain {@link #update} of the same device replaces a waiting
 * change, and the two never interleave: updates hold the read side of one lock, a presence write its write side.
 */
public class RocksDbDeviceStore implements DeviceStore {

    private final MotehubDb db;
    /** Serializes the uniqueness checks of inserts; reads and updates do not take it. */
    private final Object insertLock = new Object();
    /** Exact count: devices are never deleted, so one scan at start-up and one increment per insert keep it. */
    private final AtomicLong count = new AtomicLong();
    static final int CACHE_MAX = 100_000;
    private static final int STRIPES = 256;
    /** Serializes the writes of one device record with the filling of its cache entry. */
    private final Object[] stripes = new Object[STRIPES];
    private final ConcurrentHashMap<String, Device> deviceCache = new ConcurrentHashMap<>();
    /** DM credentials (current or pending) by identity; changed and filled under {@link #insertLock}. */
    private final ConcurrentHashMap<String, PskCredentials> identityCache = new ConcurrentHashMap<>();
    /** Endpoints with pending DM credentials, so that a registration checks for them without a read. */
    private final Set<String> pendingEndpoints = ConcurrentHashMap.newKeySet();
    /** Presence changes not yet written; each recorded or dropped under the device's stripe. */
    private final UnwrittenPresence unwritten = new UnwrittenPresence();

    /**
     * Opens the store, counting the devices already stored and loading them and their DM credentials into the caches.
     *
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbDeviceStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        try (RocksIterator it = db.iterator(ColumnFamily.DEVICES)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (count.incrementAndGet() <= CACHE_MAX) {
                    String endpoint = new String(it.key(), UTF_8);
                    decodeOrSkip(it.value(), Device.class).ifPresent(d -> deviceCache.put(endpoint, d));
                }
            }
        }
        loadIdentities();
        try (RocksIterator it = db.iterator(ColumnFamily.CREDENTIALS_PENDING)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                pendingEndpoints.add(new String(it.key(), UTF_8));
            }
        }
    }

    /**
     * Fills the identity cache with the current DM credentials, as the device cache is filled above: after a restart
     * the whole fleet reconnects, and each first handshake would otherwise read and decode its credentials and its
     * device. Done here, before anything can write, so no entry can be older than the database.
     */
    private void loadIdentities() {
        try (RocksIterator it = db.iterator(ColumnFamily.CREDENTIALS)) {
            for (it.seekToFirst(); it.isValid() && identityCache.size() < CACHE_MAX; it.next()) {
                decodeOrSkip(it.value(), PskCredentials.class).ifPresent(c -> identityCache.put(c.identity(), c));
            }
        }
    }

    /** An unreadable value is not cached: it fails where it is asked for, as it did before caches were loaded. */
    private static <T> Optional<T> decodeOrSkip(byte[] value, Class<T> type) {
        try {
            return Optional.of(StoreJson.read(value, type));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] key(String s) {
        return s.getBytes(UTF_8);
    }

    private Object lockOf(String endpoint) {
        return stripes[Math.floorMod(endpoint.hashCode(), STRIPES)];
    }

    private static <K, V> void cache(ConcurrentHashMap<K, V> cache, K key, V value) {
        if (cache.size() >= CACHE_MAX) {
            cache.clear(); // crude, but bounded; a busy fleet fills it again with its active devices
        }
        cache.put(key, value);
    }

    /**
     * Caches a device just written and its DM credentials, since a device is provisioned to connect soon; the caller
     * holds {@link #insertLock}. An update that came between the write and this keeps its newer entry.
     */
    private void cacheInserted(DeviceRecord r) {
        String endpoint = r.device().endpoint();
        synchronized (lockOf(endpoint)) {
            if (deviceCache.size() < CACHE_MAX) {
                deviceCache.putIfAbsent(endpoint, r.device());
            }
        }
        r.dm().ifPresent(c -> cache(identityCache, c.identity(), c));
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
            cacheInserted(record);
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
            records.forEach(this::cacheInserted);
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
        Device waiting = unwritten.get(endpoint);
        if (waiting != null) {
            return Optional.of(waiting);
        }
        Device cached = deviceCache.get(endpoint);
        if (cached != null) {
            return Optional.of(cached);
        }
        synchronized (lockOf(endpoint)) {
            Optional<Device> stored = Optional.ofNullable(db.get(ColumnFamily.DEVICES, key(endpoint)))
                    .map(b -> StoreJson.read(b, Device.class));
            stored.ifPresent(d -> cache(deviceCache, endpoint, d));
            return stored;
        }
    }

    @Override
    public void update(Device device) {
        byte[] value = StoreJson.write(device);
        unwritten.beside(() -> {
            synchronized (lockOf(device.endpoint())) {
                requireKnown(device.endpoint());
                db.put(ColumnFamily.DEVICES, key(device.endpoint()), value);
                unwritten.drop(device.endpoint());
                cache(deviceCache, device.endpoint(), device);
            }
        });
    }

    @Override
    public void updatePresence(Device device) {
        synchronized (lockOf(device.endpoint())) {
            requireKnown(device.endpoint());
            unwritten.record(device);
            cache(deviceCache, device.endpoint(), device);
        }
    }

    /** Devices are never deleted: a cached or waiting one exists. */
    private void requireKnown(String endpoint) {
        if (!deviceCache.containsKey(endpoint) && unwritten.get(endpoint) == null) {
            requireExisting(endpoint);
        }
    }

    @Override
    public int writePresence() {
        return unwritten.flush(devices -> {
            Batch batch = new Batch();
            devices.forEach(d -> batch.put(ColumnFamily.DEVICES, key(d.endpoint()), StoreJson.write(d)));
            db.write(batch);
        });
    }

    @Override
    public void updateAndEraseCredentials(Device device) {
        requireExisting(device.endpoint());
        byte[] endpoint = key(device.endpoint());
        synchronized (insertLock) {
            Batch batch = new Batch().put(ColumnFamily.DEVICES, endpoint, StoreJson.write(device))
                    .delete(ColumnFamily.CREDENTIALS, endpoint).delete(ColumnFamily.CREDENTIALS_PENDING, endpoint)
                    .delete(ColumnFamily.BOOTSTRAP_CREDENTIALS, endpoint);
            List<String> erased = new ArrayList<>(2);
            read(ColumnFamily.CREDENTIALS, device.endpoint()).ifPresent(c -> {
                batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity()));
                erased.add(c.identity());
            });
            findPendingCredentials(device.endpoint()).ifPresent(c -> {
                batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(c.identity()));
                erased.add(c.identity());
            });
            findBootstrapCredentials(device.endpoint())
                    .ifPresent(c -> batch.delete(ColumnFamily.BOOTSTRAP_IDENTITIES, key(c.identity())));
            unwritten.beside(() -> {
                synchronized (lockOf(device.endpoint())) {
                    db.write(batch);
                    unwritten.drop(device.endpoint());
                    cache(deviceCache, device.endpoint(), device);
                }
            });
            pendingEndpoints.remove(device.endpoint());
            erased.forEach(identityCache::remove);
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
                Device waiting = unwritten.isEmpty() ? null : unwritten.get(new String(it.key(), UTF_8));
                result.add(waiting != null ? waiting : StoreJson.read(it.value(), Device.class));
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
        PskCredentials cached = identityCache.get(identity);
        if (cached != null) {
            return Optional.of(cached);
        }
        synchronized (insertLock) {
            Optional<PskCredentials> stored = readCredentialsByIdentity(identity);
            stored.ifPresent(c -> cache(identityCache, identity, c));
            return stored;
        }
    }

    private Optional<PskCredentials> readCredentialsByIdentity(String identity) {
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
            Optional<PskCredentials> replaced = findPendingCredentials(credentials.endpoint());
            replaced.ifPresent(old -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(old.identity())));
            db.write(batch);
            pendingEndpoints.add(credentials.endpoint());
            replaced.ifPresent(old -> identityCache.remove(old.identity()));
            identityCache.remove(credentials.identity());
        }
    }

    @Override
    public boolean promotePendingCredentials(String endpoint, String identity) {
        if (!pendingEndpoints.contains(endpoint)) {
            return false; // every registration asks: most devices have nothing pending
        }
        byte[] ep = key(endpoint);
        synchronized (insertLock) {
            Optional<PskCredentials> pending = findPendingCredentials(endpoint)
                    .filter(c -> c.identity().equals(identity));
            if (pending.isEmpty()) {
                return false;
            }
            Batch batch = new Batch().put(ColumnFamily.CREDENTIALS, ep, StoreJson.write(pending.get()))
                    .delete(ColumnFamily.CREDENTIALS_PENDING, ep);
            Optional<PskCredentials> revoked = read(ColumnFamily.CREDENTIALS, endpoint);
            revoked.ifPresent(old -> batch.delete(ColumnFamily.CREDENTIAL_IDENTITIES, key(old.identity())));
            db.write(batch);
            pendingEndpoints.remove(endpoint);
            revoked.ifPresent(old -> identityCache.remove(old.identity()));
            identityCache.remove(identity);
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
