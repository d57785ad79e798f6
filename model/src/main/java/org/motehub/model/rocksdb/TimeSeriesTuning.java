// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;

/**
 * Column family options for the time-series families ({@link ColumnFamily#TELEMETRY}, {@link ColumnFamily#ROLLUPS}):
 * small binary keys written mostly in order and read by range. Blocks of 16 KiB with a restart point every 32 keys
 * let the key delta encoding drop the shared {@code deviceId pathId} and high timestamp bytes; LZ4 on the upper levels
 * keeps compaction cheap and ZSTD on the bottommost level (where dynamic level sizing puts almost all the data) brings
 * a numeric point to about a dozen bytes. No Bloom filter: reads are range scans, and a filter would cost more than a
 * byte per point. One block cache is shared by both families.
 */
final class TimeSeriesTuning implements AutoCloseable {

    private static final long CACHE_BYTES = 64L << 20;
    private static final long WRITE_BUFFER_BYTES = 64L << 20;

    private final LRUCache cache = new LRUCache(CACHE_BYTES);
    private final ColumnFamilyOptions options;

    TimeSeriesTuning() {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockSize(16 * 1024).setBlockRestartInterval(32)
                .setBlockCache(cache).setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
        options = new ColumnFamilyOptions().setCompactionStyle(CompactionStyle.LEVEL)
                .setLevelCompactionDynamicLevelBytes(true).setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3).setLevel0FileNumCompactionTrigger(4).setTargetFileSizeBase(64L << 20)
                .setMaxBytesForLevelBase(256L << 20).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION).setTableFormatConfig(table);
    }

    /** @return whether {@code cf} holds time series and gets {@link #options()}. */
    static boolean appliesTo(ColumnFamily cf) {
        return cf == ColumnFamily.TELEMETRY || cf == ColumnFamily.ROLLUPS;
    }

    ColumnFamilyOptions options() {
        return options;
    }

    @Override
    public void close() {
        options.close();
        cache.close();
    }
}
