// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.motehub.bench.report.Figure;
import org.motehub.bench.stats.StatisticsLog;

/**
 * The server's resources with the fleet registered (and observed when a later scenario needs it): heap used after
 * full collections minus the same before the storm, per device; resident memory (heap plus native, e.g. RocksDB);
 * and for Motehub the size of its data folder.
 */
final class Footprint {

    static final String TITLE = "footprint";

    private Footprint() {
    }

    static void run(RunContext c, long heapBefore, Path dataDir) throws InterruptedException {
        long heapAfter = c.server.heapAfterGc();
        long rss = c.server.residentBytes();
        Map<String, String> counts = c.server.counts();
        long registered = Long.parseLong(counts.getOrDefault("registrations", "0"));
        long observed = Long.parseLong(counts.getOrDefault("observations", "0"));
        double perDevice = registered == 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / registered;
        c.report.add(Figure.of(TITLE, "devices registered (observed)", Double.NaN, registered + " (" + observed + ")"));
        c.report.add(Figure.of(TITLE, "heap per registered device (KiB)", perDevice));
        c.report.add(Figure.of(TITLE, "heap used after GC (MiB)", heapAfter / 1048576.0));
        c.report.add(Figure.of(TITLE, "resident memory (MiB)", rss / 1048576.0));
        if (c.kind.persistent()) {
            long disk = directorySize(dataDir);
            c.report.add(Figure.of(TITLE, "disk, data folder (MiB)", disk / 1048576.0));
            c.report.add(Figure.of(TITLE, "disk per device (bytes)", registered == 0 ? Double.NaN
                    : (double) disk / registered));
        } else {
            c.report.add(Figure.notApplicable(TITLE, "disk, data folder (MiB)", "in memory"));
            c.report.add(Figure.notApplicable(TITLE, "disk per device (bytes)", "in memory"));
        }
        StatisticsLog.LOG.info("[{}] {}: {} registered, {} observed; heap {} KiB per device ({} MiB after GC, "
                + "{} MiB before), resident {} MiB", c.label, TITLE, registered, observed,
                Figure.format(perDevice), heapAfter >> 20, heapBefore >> 20, rss >> 20);
    }

    /** @return the total size of the regular files under {@code dir}, 0 if it does not exist. */
    static long directorySize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // deleted meanwhile (RocksDB compaction)
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }
}
