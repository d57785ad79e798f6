// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.motehub.bench.report.MachineInfo;
import org.motehub.bench.stats.Percentiles;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.telemetry.DefaultTelemetryService;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.SeriesQuery;
import org.motehub.model.telemetry.TelemetryPoint;
import org.slf4j.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load driver for the time series alone (no network): it ingests points into {@link DefaultTelemetryService} on a
 * real RocksDB, one point per call as a single-resource notification, from one and then several threads while a
 * query thread reads rollups, and reports points persisted per second with rollups, the latency of
 * {@code ingest} (which returns once the points are durable in the write-ahead log), the disk bytes per raw point
 * after a full compaction, and the time to read one day of 1-minute rollups. Results go to the statistics logger.
 *
 * <pre>
 * java -cp bench/target/motehub-bench.jar org.motehub.bench.telemetry.TelemetryIngestBench --seconds 60
 * </pre>
 */
@Command(name = "telemetry-ingest-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure telemetry ingest with rollups, disk bytes per point and rollup query time.")
public final class TelemetryIngestBench implements Callable<Integer> {

    private static final Logger STAT = StatisticsLog.LOG;
    private static final List<String> PATHS = List.of("/3303/0/5700", "/3304/0/5700", "/3328/0/5700", "/3/0/9");

    /** How values are drawn: short decimals as sensors report them, single-precision floats, or any double. */
    enum Values {
        DECIMAL, FLOAT, RANDOM
    }

    @Option(names = "--devices", defaultValue = "1000", description = "Devices, each with 4 series. "
            + "Default: ${DEFAULT-VALUE}")
    int devices;

    @Option(names = "--seconds", defaultValue = "30", description = "Seconds of each ingest phase. "
            + "Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--threads", split = ",", defaultValue = "1,4",
            description = "Ingest threads of each phase. Default: ${DEFAULT-VALUE}")
    List<Integer> threads;

    @Option(names = "--late-percent", defaultValue = "2",
            description = "Percent of points up to 2 hours late. Default: ${DEFAULT-VALUE}")
    int latePercent;

    @Option(names = "--values", defaultValue = "DECIMAL",
            description = "Values: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    Values values;

    @Option(names = "--fsync", description = "Sync the write-ahead log on every write (survives power loss).")
    boolean fsync;

    @Option(names = "--dir", description = "Parent folder of the databases. Default: a temporary folder")
    Path dir;

    private final Random seedSource = new Random(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new TelemetryIngestBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path parent = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("telemetry-bench");
        STAT.info("Telemetry bench on {}: {} devices x {} series, {} s per phase, {} % late, {} values, fsync {}",
                MachineInfo.current().describe(), devices, PATHS.size(), seconds, latePercent, values, fsync);
        try {
            for (int t : threads) {
                ingestPhase(parent.resolve("ingest-" + t), t);
            }
            queryPhase(parent.resolve("query"));
        } finally {
            if (dir == null) {
                deleteTree(parent);
            }
        }
        return 0;
    }

    /** One ingest phase on a fresh database, with a query thread, then the compaction and size measurement. */
    private void ingestPhase(Path path, int threadCount) throws Exception {
        try (MotehubDb db = MotehubDb.open(path, fsync)) {
            DefaultTelemetryService service = DefaultTelemetryService.builder().store(new RocksDbTelemetryStore(db))
                    .build();
            service.start();
            Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<IngestWorker> workers = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                workers.add(new IngestWorker(service, t, threadCount, start, deadline, seedSource.nextLong()));
            }
            QueryWorker queries = new QueryWorker(service, devices, start, seedSource.nextLong());
            List<Thread> running = new ArrayList<>();
            long began = System.nanoTime();
            for (int t = 0; t < workers.size(); t++) {
                Thread thread = new Thread(workers.get(t), "bench-ingest-" + t);
                thread.start();
                running.add(thread);
            }
            Thread queryThread = new Thread(queries, "bench-query");
            queryThread.start();
            for (Thread t : running) {
                t.join();
            }
            service.flush();
            long elapsed = System.nanoTime() - began;
            queries.stop();
            queryThread.join();
            service.close();
            long points = service.stats().pointsStored();
            long[] latencies = workers.stream().flatMapToLong(IngestWorker::latencies).toArray();
            Percentiles p = Percentiles.of(latencies);
            Percentiles q = Percentiles.of(queries.latencies());
            STAT.info("ingest, {} thread(s): {} points in {} s = {} points/s persisted with rollups; ingest-to-durable "
                    + "p50 {} us, p99 {} us, max {} ms; {} late, {} duplicates dropped; rollup rows written {}",
                    threadCount, points, String.format("%.1f", elapsed / 1e9), Math.round(points / (elapsed / 1e9)),
                    p.median() / 1000, p.percentile(99) / 1000, p.max() / 1_000_000, service.stats().latePoints(),
                    service.stats().duplicatesDropped(), service.stats().rollupRowsWritten());
            STAT.info("concurrent queries (1-minute rollups of one series over its whole window, and the latest "
                    + "values of its device): {} done, p50 {} ms, p99 {} ms", q.count(), String.format("%.2f", q.median() / 1e6),
                    String.format("%.2f", q.percentile(99) / 1e6));
            long compactStarted = System.nanoTime();
            db.compact(ColumnFamily.TELEMETRY);
            db.compact(ColumnFamily.ROLLUPS);
            String wAmp = writeAmplification(db);
            long raw = db.diskBytes(ColumnFamily.TELEMETRY);
            long rollups = db.diskBytes(ColumnFamily.ROLLUPS);
            STAT.info("disk after full compaction ({} ms): raw {} bytes = {} bytes/point; rollups {} bytes = {} "
                    + "bytes/point; write amplification of the raw family, flushes and compactions included (RocksDB W-Amp): {}",
                    (System.nanoTime() - compactStarted) / 1_000_000, raw, String.format("%.2f", (double) raw
                            / points), rollups, String.format("%.2f", (double) rollups / points), wAmp);
        }
    }

    /**
     * The W-Amp of the "Sum" row of RocksDB's compaction statistics of the raw family: bytes written by flushes and
     * compactions over bytes flushed (the write-ahead log adds one more write of each point).
     */
    private static String writeAmplification(MotehubDb db) {
        int column = -1;
        for (String line : db.property(ColumnFamily.TELEMETRY, "rocksdb.cfstats").split("\n")) {
            List<String> f = List.of(line.trim().split("\\s+"));
            if (column < 0 && f.contains("W-Amp")) {
                column = f.indexOf("W-Amp") + 1; // the Size column is two tokens in the rows, one in the header
            } else if (column > 0 && f.size() > column && f.get(0).equals("Sum")) {
                return f.get(column);
            }
        }
        return "n/a";
    }

    /** One day of one series at 10 s (8,640 points, 1,440 one-minute buckets), then the query timed 200 times. */
    private void queryPhase(Path path) {
        try (MotehubDb db = MotehubDb.open(path, fsync);
                DefaultTelemetryService service = DefaultTelemetryService.builder()
                        .store(new RocksDbTelemetryStore(db)).build()) {
            Instant day = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
            Random random = new Random(seedSource.nextLong());
            List<TelemetryPoint> batch = new ArrayList<>();
            for (int i = 0; i < 8_640; i++) {
                batch.add(new TelemetryPoint(PATHS.get(0), day.plusSeconds(i * 10L), value(random, i)));
                if (batch.size() == 100 || i == 8_639) {
                    service.ingest("query-device", batch);
                    batch = new ArrayList<>();
                }
            }
            service.flush();
            SeriesQuery query = new SeriesQuery("query-device", PATHS.get(0), day, day.plus(Duration.ofDays(1)),
                    Resolution.MINUTE, null);
            long[] times = new long[200];
            int buckets = 0;
            for (int i = -20; i < times.length; i++) {
                long t0 = System.nanoTime();
                buckets = service.buckets(query).items().size();
                if (i >= 0) {
                    times[i] = System.nanoTime() - t0;
                }
            }
            Percentiles p = Percentiles.of(times);
            STAT.info("query of one day of 1-minute rollups ({} buckets): p50 {} ms, p99 {} ms over {} runs", buckets,
                    String.format("%.2f", p.median() / 1e6), String.format("%.2f", p.percentile(99) / 1e6),
                    times.length);
        }
    }

    private Object value(Random random, long n) {
        if (n % PATHS.size() == 3) {
            return (long) (100 - (n / 1000) % 100);
        }
        return switch (values) {
        case DECIMAL -> Math.round((21 + 4 * Math.sin(n / 500.0) + random.nextGaussian() * 0.3) * 100) / 100.0;
        case FLOAT -> (double) (float) (21 + 4 * Math.sin(n / 500.0) + random.nextGaussian() * 0.3);
        case RANDOM -> random.nextDouble() * 100;
        };
    }

    /** Ingests round after round: every device of its share reports each path once per simulated second. */
    private final class IngestWorker implements Runnable {

        private final DefaultTelemetryService service;
        private final int index;
        private final int count;
        private final Instant start;
        private final long deadline;
        private final Random random;
        private long[] latencies = new long[1 << 16];
        private int size;

        IngestWorker(DefaultTelemetryService service, int index, int count, Instant start, long deadline,
                long seed) {
            this.service = service;
            this.index = index;
            this.count = count;
            this.start = start;
            this.deadline = deadline;
            this.random = new Random(seed);
        }

        @Override
        public void run() {
            for (long round = 0; System.nanoTime() < deadline; round++) {
                for (int d = index; d < devices && System.nanoTime() < deadline; d += count) {
                    String endpoint = String.format("bench-%05d", d);
                    for (int p = 0; p < PATHS.size(); p++) {
                        Instant time = start.plusSeconds(round).plusNanos(random.nextInt(1_000_000) * 1000L);
                        if (random.nextInt(100) < latePercent) {
                            time = time.minusSeconds(1 + random.nextInt(7200));
                        }
                        Object v = value(random, round * PATHS.size() + p);
                        long t0 = System.nanoTime();
                        service.ingest(endpoint, List.of(new TelemetryPoint(PATHS.get(p), time, v)));
                        record(System.nanoTime() - t0);
                    }
                }
            }
        }

        private void record(long nanos) {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = nanos;
        }

        LongStream latencies() {
            return Arrays.stream(latencies, 0, size);
        }
    }

    /** Reads the 1-minute rollups of a random series, and the latest values of its device, in a loop. */
    private static final class QueryWorker implements Runnable {

        private final DefaultTelemetryService service;
        private final int devices;
        private final Instant start;
        private final Random random;
        private final List<Long> latencies = new ArrayList<>();
        private volatile boolean stopped;

        QueryWorker(DefaultTelemetryService service, int devices, Instant start, long seed) {
            this.service = service;
            this.devices = devices;
            this.start = start;
            this.random = new Random(seed);
        }

        @Override
        public void run() {
            while (!stopped) {
                String endpoint = String.format("bench-%05d", random.nextInt(devices));
                if (service.paths(endpoint).isEmpty()) {
                    Thread.onSpinWait();
                    continue;
                }
                long t0 = System.nanoTime();
                service.buckets(new SeriesQuery(endpoint, PATHS.get(0), start.minus(Duration.ofHours(2)),
                        start.plus(Duration.ofDays(1)), Resolution.MINUTE, null));
                service.latest(endpoint);
                latencies.add(System.nanoTime() - t0);
            }
        }

        void stop() {
            stopped = true;
        }

        long[] latencies() {
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
