// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.ExpirationListener;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;
import org.eclipse.leshan.server.redis.serialization.ObservationSerDes;
import org.eclipse.leshan.core.util.Validate;
import org.motehub.model.rocksdb.Batch;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.server.registration.codec.RegistrationCodec;
import org.eclipse.leshan.core.Destroyable;
import org.eclipse.leshan.core.Startable;
import org.eclipse.leshan.core.Stoppable;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leshan {@link RegistrationStore} that survives restarts: every registration and observation is written through to
 * RocksDB, while reads are served from Leshan's own {@link InMemoryRegistrationStore}, which this store fills from
 * RocksDB when it is created. Reads stay as fast as Leshan's default store; a crash loses nothing acknowledged.
 * <p>
 * Registrations are stored in the compact binary form of {@link RegistrationCodec}, which keeps every field Leshan's
 * own JSON serializer keeps at a fraction of its cost on the registration path, and still reads the JSON that earlier
 * versions stored. Observations are serialized with Leshan's {@code ObservationSerDes} (from
 * {@code leshan-server-redis}).
 */
public class RocksDbRegistrationStore implements RegistrationStore, Startable, Stoppable, Destroyable {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbRegistrationStore.class);

    private final MotehubDb db;
    private final InMemoryRegistrationStore cache;
    /** Stored form of registrations; also reads the JSON that earlier versions stored. */
    private final RegistrationCodec codec = new RegistrationCodec();
    private final ObservationSerDes observationSerDes = new ObservationSerDes();
    /** Keeps the cache and the database in the same order of writes. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile ExpirationListener expirationListener;

    /**
     * Creates the store and loads every stored registration and observation.
     *
     * @param cleanPeriodInSec how often expired registrations are looked for
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbRegistrationStore(MotehubDb db, long cleanPeriodInSec) {
        this.db = Objects.requireNonNull(db, "db");
        this.cache = new InMemoryRegistrationStore(cleanPeriodInSec);
        this.cache.setExpirationListener(this::expired);
        load();
    }

    private void load() {
        int registrations = 0;
        int observations = 0;
        List<byte[][]> stored = new ArrayList<>();
        try (RocksIterator it = db.iterator(ColumnFamily.REGISTRATIONS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                stored.add(new byte[][] { it.key(), it.value() });
            }
        }
        // decoding is most of a cold start's work with many devices: on every core, then added in key order
        List<Registration> decoded = stored.parallelStream().map(kv -> {
            try {
                return deserializeRegistration(kv[1]);
            } catch (RuntimeException e) {
                LOG.error("Stored registration [{}] is unreadable and was skipped", new String(kv[0], UTF_8), e);
                return null;
            }
        }).toList();
        for (Registration r : decoded) {
            if (r != null) {
                cache.addRegistration(r);
                registrations++;
            }
        }
        try (RocksIterator it = db.iterator(ColumnFamily.OBSERVATIONS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                try {
                    Observation obs = observationSerDes.deserialize(it.value());
                    if (cache.getRegistration(obs.getRegistrationId()) != null) {
                        cache.addObservation(obs.getRegistrationId(), obs, false);
                        observations++;
                    } else {
                        db.delete(ColumnFamily.OBSERVATIONS, it.key());
                    }
                } catch (RuntimeException e) {
                    LOG.error("Stored observation is unreadable and was skipped", e);
                }
            }
        }
        LOG.info("Loaded [{}] registrations and [{}] observations from RocksDB", registrations, observations);
    }

    private byte[] serialize(Registration registration) {
        return codec.encode(registration);
    }

    private Registration deserializeRegistration(byte[] value) {
        return codec.decode(value);
    }

    private static byte[] regKey(String registrationId) {
        return registrationId.getBytes(UTF_8);
    }

    private static byte[] obsKey(ObservationIdentifier id) {
        return id.getBytes();
    }

    private void deleteAll(Batch batch, String registrationId, Collection<Observation> observations) {
        batch.delete(ColumnFamily.REGISTRATIONS, regKey(registrationId));
        if (observations != null) {
            for (Observation o : observations) {
                batch.delete(ColumnFamily.OBSERVATIONS, obsKey(o.getId()));
            }
        }
    }

    @Override
    public Deregistration addRegistration(Registration registration) {
        byte[] value = serialize(registration); // immutable: encoded before taking the lock all writes share
        writeLock.lock();
        try {
            Deregistration previous = cache.addRegistration(registration);
            Batch batch = new Batch();
            if (previous != null) {
                deleteAll(batch, previous.getRegistration().getId(), previous.getObservations());
            }
            batch.put(ColumnFamily.REGISTRATIONS, regKey(registration.getId()), value);
            db.write(batch);
            return previous;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public UpdatedRegistration updateRegistration(RegistrationUpdate update) {
        writeLock.lock();
        try {
            UpdatedRegistration updated = cache.updateRegistration(update);
            if (updated != null) {
                Registration r = updated.getUpdatedRegistration();
                db.put(ColumnFamily.REGISTRATIONS, regKey(r.getId()), serialize(r));
            }
            return updated;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Deregistration removeRegistration(String registrationId) {
        writeLock.lock();
        try {
            Deregistration removed = cache.removeRegistration(registrationId);
            if (removed != null) {
                Batch batch = new Batch();
                deleteAll(batch, registrationId, removed.getObservations());
                db.write(batch);
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Collection<Observation> addObservation(String registrationId, Observation observation,
            boolean addIfAbsent) {
        Validate.notNull(registrationId);
        writeLock.lock();
        try {
            Collection<Observation> removed = cache.addObservation(registrationId, observation, addIfAbsent);
            Batch batch = new Batch();
            for (Observation o : removed) {
                if (!o.getId().equals(observation.getId())) {
                    batch.delete(ColumnFamily.OBSERVATIONS, obsKey(o.getId()));
                }
            }
            Observation kept = cache.getObservation(observation.getId());
            if (kept != null) {
                batch.put(ColumnFamily.OBSERVATIONS, obsKey(kept.getId()), observationSerDes.serialize(kept));
            }
            db.write(batch);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Observation removeObservation(String registrationId, ObservationIdentifier observationId) {
        writeLock.lock();
        try {
            Observation removed = cache.removeObservation(registrationId, observationId);
            if (removed != null) {
                db.delete(ColumnFamily.OBSERVATIONS, obsKey(observationId));
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Collection<Observation> removeObservations(String registrationId) {
        writeLock.lock();
        try {
            Collection<Observation> removed = cache.removeObservations(registrationId);
            Batch batch = new Batch();
            for (Observation o : removed) {
                batch.delete(ColumnFamily.OBSERVATIONS, obsKey(o.getId()));
            }
            db.write(batch);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Called by the cache's cleaner after it removed an expired registration from memory. */
    private void expired(Registration registration, Collection<Observation> observations) {
        writeLock.lock();
        try {
            Batch batch = new Batch();
            deleteAll(batch, registration.getId(), observations);
            db.write(batch);
        } finally {
            writeLock.unlock();
        }
        LOG.debug("Registration [{}] of device [{}] expired", registration.getId(), registration.getEndpoint());
        ExpirationListener listener = expirationListener;
        if (listener != null) {
            listener.registrationExpired(registration, observations);
        }
    }

    @Override
    public Registration getRegistration(String registrationId) {
        return cache.getRegistration(registrationId);
    }

    @Override
    public Registration getRegistrationByEndpoint(String endpoint) {
        return cache.getRegistrationByEndpoint(endpoint);
    }

    @Override
    public Registration getRegistrationByAdress(InetSocketAddress address) {
        return cache.getRegistrationByAdress(address);
    }

    @Override
    public Registration getRegistrationByIdentity(LwM2mIdentity identity) {
        return cache.getRegistrationByIdentity(identity);
    }

    @Override
    public Iterator<Registration> getAllRegistrations() {
        return cache.getAllRegistrations();
    }

    @Override
    public Observation getObservation(String registrationId, ObservationIdentifier observationId) {
        return cache.getObservation(registrationId, observationId);
    }

    @Override
    public Observation getObservation(ObservationIdentifier observationId) {
        return cache.getObservation(observationId);
    }

    @Override
    public Collection<Observation> getObservations(String registrationId) {
        return cache.getObservations(registrationId);
    }

    @Override
    public void setExpirationListener(ExpirationListener listener) {
        this.expirationListener = listener;
    }

    @Override
    public void start() {
        cache.start();
    }

    @Override
    public void stop() {
        cache.stop();
    }

    @Override
    public void destroy() {
        cache.destroy();
    }
}
