// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.motehub.model.device.Device;

/**
 * The presence changes a {@link RocksDbDeviceStore} keeps in memory until its next presence write, so that a storm
 * of registrations shares its device-record writes. A plain write of a device record replaces the device's waiting
 * change, and the two kinds of write never interleave: plain writes run {@link #beside} one another, a presence write
 * runs alone ({@link #flush}).
 */
final class UnwrittenPresence {

    /** Waiting changes by endpoint; the store records and drops each under the device's stripe. */
    private final ConcurrentHashMap<String, Device> waiting = new ConcurrentHashMap<>();
    /** Read side: plain device writes; write side: a flush, so neither overtakes the other. */
    private final ReadWriteLock writes = new ReentrantReadWriteLock();

    /** @return whether no change is waiting: a listing then need not look up each record it reads */
    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** @return the waiting change of {@code endpoint}, or null */
    Device get(String endpoint) {
        return waiting.get(endpoint);
    }

    void record(Device device) {
        waiting.put(device.endpoint(), device);
    }

    /** Drops the waiting change of {@code endpoint}: a plain write of its record replaced it. */
    void drop(String endpoint) {
        waiting.remove(endpoint);
    }

    /** Runs a plain write of a device record, never during a {@link #flush}. */
    void beside(Runnable write) {
        writes.readLock().lock();
        try {
            write.run();
        } finally {
            writes.readLock().unlock();
        }
    }

    /**
     * Gives every waiting change to {@code write}, alone, then drops those it was given; a change recorded meanwhile
     * stays for the next flush. If {@code write} throws, every change stays.
     *
     * @return how many changes were written
     */
    int flush(Consumer<List<Device>> write) {
        if (waiting.isEmpty()) {
            return 0;
        }
        writes.writeLock().lock();
        try {
            List<Device> written = new ArrayList<>(waiting.values());
            write.accept(written);
            written.forEach(d -> waiting.remove(d.endpoint(), d));
            return written.size();
        } finally {
            writes.writeLock().unlock();
        }
    }
}
