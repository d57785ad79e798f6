// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Motehub's one embedded RocksDB database with its column families. The write-ahead log is always on, so an
 * acknowledged write survives a process crash; with {@code fsync} it also survives power loss.
 */
public final class MotehubDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubDb.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final TimeSeriesTuning timeSeries;
    private final ColumnFamilyOptions blobOptions;
    private final RocksDB db;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles;
    private final List<ColumnFamilyHandle> allHandles;
    private final WriteOptions writeOptions;
    private volatile boolean closed;

    private MotehubDb(Path dir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, TimeSeriesTuning timeSeries,
            ColumnFamilyOptions blobOptions, RocksDB db, Map<ColumnFamily, ColumnFamilyHandle> handles, List<ColumnFamilyHandle> allHandles,
            WriteOptions writeOptions) {
        this.dir = dir;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.timeSeries = timeSeries;
        this.blobOptions = blobOptions;
        this.db = db;
        this.handles = handles;
        this.allHandles = allHandles;
        this.writeOptions = writeOptions;
    }

    /** Opens (or creates) the database in {@code dir}, without fsync on every write. */
    public static MotehubDb open(Path dir) {
        return open(dir, false);
    }

    /**
     * Opens (or creates) the database in {@code dir}.
     *
     * @param fsync whether every write is synced to disk before it is acknowledged
     * @throws StoreException if the database cannot be opened (for example it is locked by another process)
     */
    public static MotehubDb open(Path dir, boolean fsync) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir, e);
        }
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5).setMaxTotalWalSize(64L << 20);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().optimizeLevelStyleCompaction();
        TimeSeriesTuning timeSeries = new TimeSeriesTuning();
        // firmware images: BlobDB keeps values of 4 KiB and more in blob files, out of the LSM tree's compactions
        ColumnFamilyOptions blobOptions = new ColumnFamilyOptions().optimizeLevelStyleCompaction()
                .setEnableBlobFiles(true).setMinBlobSize(4096).setEnableBlobGarbageCollection(true);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (ColumnFamily cf : ColumnFamily.values()) {
            descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes(),
                    TimeSeriesTuning.appliesTo(cf) ? timeSeries.options()
                            : cf == ColumnFamily.FIRMWARE_BLOBS ? blobOptions : cfOptions));
        }
        List<ColumnFamilyHandle> allHandles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
            Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
            ColumnFamily[] values = ColumnFamily.values();
            for (int i = 0; i < values.length; i++) {
                handles.put(values[i], allHandles.get(i + 1));
            }
            WriteOptions writeOptions = new WriteOptions().setSync(fsync);
            LOG.info("RocksDB opened at [{}] (fsync={})", dir.toAbsolutePath(), fsync);
            return new MotehubDb(dir, dbOptions, cfOptions, timeSeries, blobOptions, db, handles, allHandles,
                    writeOptions);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            timeSeries.close();
            blobOptions.close();
            throw new StoreException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the directory holding the database. */
    public Path dir() {
        return dir;
    }

    /** @return the value under {@code key} in {@code cf}, or null. */
    public byte[] get(ColumnFamily cf, byte[] key) {
        try {
            return db.get(handles.get(cf), key);
        } catch (RocksDBException e) {
            throw new StoreException("read failed in " + cf.cfName(), e);
        }
    }

    /** Writes one value. */
    public void put(ColumnFamily cf, byte[] key, byte[] value) {
        try {
            db.put(handles.get(cf), writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new StoreException("write failed in " + cf.cfName(), e);
        }
    }

    /** Deletes one key. */
    public void delete(ColumnFamily cf, byte[] key) {
        try {
            db.delete(handles.get(cf), writeOptions, key);
        } catch (RocksDBException e) {
            throw new StoreException("delete failed in " + cf.cfName(), e);
        }
    }

    /** Applies several changes, possibly across column families, atomically. */
    public void write(Batch batch) {
        try (WriteBatch wb = new WriteBatch()) {
            for (Batch.Op op : batch.ops()) {
                if (op.value() == null) {
                    wb.delete(handles.get(op.cf()), op.key());
                } else {
                    wb.put(handles.get(op.cf()), op.key(), op.value());
                }
            }
            db.write(writeOptions, wb);
        } catch (RocksDBException e) {
            throw new StoreException("batch write failed", e);
        }
    }

    /**
     * Opens an iterator over {@code cf}; the caller closes it.
     */
    public RocksIterator iterator(ColumnFamily cf) {
        return db.newIterator(handles.get(cf));
    }

    /** Opens an iterator with explicit read options; the caller closes both. */
    public RocksIterator iterator(ColumnFamily cf, ReadOptions options) {
        return db.newIterator(handles.get(cf), options);
    }

    /** @return RocksDB's estimate of the number of keys in {@code cf}. */
    public long estimateCount(ColumnFamily cf) {
        try {
            return db.getLongProperty(handles.get(cf), "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw new StoreException("property read failed in " + cf.cfName(), e);
        }
    }

    /** @return the total size of the live SST files plus the memtables, in bytes. */
    public long diskBytes() {
        long total = 0;
        try {
            for (ColumnFamilyHandle h : allHandles) {
                total += db.getLongProperty(h, "rocksdb.live-sst-files-size");
                total += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
            }
        } catch (RocksDBException e) {
            throw new StoreException("property read failed", e);
        }
        return total;
    }

    /** Deletes every key of {@code cf} in {@code [from, to)} with one range tombstone. */
    public void deleteRange(ColumnFamily cf, byte[] from, byte[] to) {
        try {
            db.deleteRange(handles.get(cf), writeOptions, from, to);
        } catch (RocksDBException e) {
            throw new StoreException("range delete failed in " + cf.cfName(), e);
        }
    }

    /** Compacts the whole of {@code cf} now, dropping deleted and overwritten data; blocks until done. */
    public void compact(ColumnFamily cf) {
        try {
            db.compactRange(handles.get(cf));
        } catch (RocksDBException e) {
            throw new StoreException("compaction failed in " + cf.cfName(), e);
        }
    }

    /** @return the size of the live SST files of {@code cf} plus its memtables, in bytes. */
    public long diskBytes(ColumnFamily cf) {
        try {
            return db.getLongProperty(handles.get(cf), "rocksdb.live-sst-files-size")
                    + db.getLongProperty(handles.get(cf), "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            throw new StoreException("property read failed in " + cf.cfName(), e);
        }
    }

    /** @return the RocksDB property {@code name} of {@code cf}, such as {@code rocksdb.cfstats}, for diagnostics. */
    public String property(ColumnFamily cf, String name) {
        try {
            return db.getProperty(handles.get(cf), name);
        } catch (RocksDBException e) {
            throw new StoreException("property " + name + " unreadable in " + cf.cfName(), e);
        }
    }

    /** @return whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Flushes the memtables and closes the database; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, allHandles);
            db.syncWal();
        } catch (RocksDBException e) {
            LOG.warn("Flush on close failed at [{}]; the write-ahead log still holds every write", dir, e);
        }
        for (ColumnFamilyHandle h : allHandles) {
            h.close();
        }
        db.close();
        writeOptions.close();
        dbOptions.close();
        cfOptions.close();
        timeSeries.close();
        blobOptions.close();
        LOG.info("RocksDB closed at [{}]", dir.toAbsolutePath());
    }
}
