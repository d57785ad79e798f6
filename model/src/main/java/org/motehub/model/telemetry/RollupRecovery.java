// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the stored rollups back in line with the raw points after a crash. The journal names every one-minute bucket
 * whose rollups may not have been written; each is rebuilt from its raw points, then each 5-minute bucket holding one
 * of them from its 1-minute rows, each hour from its 5-minute rows and each day from its hours. Idempotent: the
 * journal is cleared only once a series is rebuilt, so a crash during recovery is recovered at the next start.
 */
final class RollupRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RollupRecovery.class);

    private final TelemetryStore store;

    RollupRecovery(TelemetryStore store) {
        this.store = store;
    }

    /** @return how many one-minute buckets were rebuilt. */
    int run() {
        List<BucketRef> pending = store.pendingMinutes();
        if (pending.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        Map<List<String>, List<BucketRef>> bySeries = new LinkedHashMap<>();
        for (BucketRef m : pending) {
            bySeries.computeIfAbsent(List.of(m.endpoint(), m.path()), k -> new ArrayList<>()).add(m);
        }
        bySeries.forEach((series, minutes) -> rebuild(series.get(0), series.get(1), minutes));
        LOG.info("Rebuilt the rollups of [{}] one-minute buckets of [{}] series from raw points in {} ms",
                pending.size(), bySeries.size(), (System.nanoTime() - started) / 1_000_000);
        return pending.size();
    }

    private void rebuild(String endpoint, String path, List<BucketRef> minutes) {
        LOG.debug("Rebuilding rollups of [{}] [{}] for {} minutes", endpoint, path, minutes.size());
        TreeSet<Long> starts = new TreeSet<>();
        List<RollupRow> rows = new ArrayList<>();
        for (BucketRef m : minutes) {
            starts.add(m.start());
            MutableAggregate a = new MutableAggregate();
            for (TelemetryPoint p : store.points(endpoint, path, Instant.ofEpochSecond(m.start()),
                    Instant.ofEpochSecond(m.start() + Resolution.MINUTE.seconds()), Integer.MAX_VALUE)) {
                DefaultTelemetryService.rollupValue(p).ifPresent(a::add);
            }
            if (!a.isEmpty()) {
                rows.add(new RollupRow(m, a.toAggregate()));
            }
        }
        store.putRollups(rows, List.of());
        Resolution finer = Resolution.MINUTE;
        while (finer.coarser().isPresent()) {
            Resolution coarser = finer.coarser().get();
            TreeSet<Long> coarseStarts = new TreeSet<>();
            starts.forEach(s -> coarseStarts.add(coarser.bucketOf(s)));
            rows = new ArrayList<>();
            for (long start : coarseStarts) {
                MutableAggregate a = new MutableAggregate();
                int most = (int) (coarser.seconds() / finer.seconds());
                store.rollups(endpoint, path, finer, start, start + coarser.seconds(), most)
                        .forEach(b -> a.merge(b.aggregate()));
                if (!a.isEmpty()) {
                    rows.add(new RollupRow(new BucketRef(endpoint, path, coarser, start), a.toAggregate()));
                }
            }
            store.putRollups(rows, List.of());
            starts = coarseStarts;
            finer = coarser;
        }
        store.putRollups(List.of(), minutes);
    }
}
