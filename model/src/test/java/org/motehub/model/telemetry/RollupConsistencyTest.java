// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.testing.MutableClock;

/**
 * The rollups always equal a brute-force computation over the raw points: as queried right after the ingests, as
 * stored after a flush, after a clean restart and after a crash, with random values arriving late, out of order and
 * twice, from several threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RollupConsistencyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> DEVICES = List.of("dev-1", "dev-2", "dev-3");
    private static final List<String> PATHS = List.of("/3303/0/5700", "/3304/0/5700", "/3/0/7/1");
    private static final Instant FROM = NOW.minus(Duration.ofDays(6));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(NOW);
    private MotehubDb db;
    private RocksDbTelemetryStore store;
    private DefaultTelemetryService service;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        store = new RocksDbTelemetryStore(db);
        service = DefaultTelemetryService.builder().store(store).clock(clock).build();
    }

    @AfterEach
    void close() {
        service.close();
        db.close();
    }

    /** A stream of points per series: mostly in order a few seconds apart, some late by up to two days, some twice. */
    private static List<List<TelemetryPoint>> randomIngests(Random random, String path, int points) {
        List<List<TelemetryPoint>> calls = new ArrayList<>();
        List<TelemetryPoint> sent = new ArrayList<>();
        Instant t = NOW.minus(Duration.ofDays(3));
        while (sent.size() < points) {
            List<TelemetryPoint> call = new ArrayList<>();
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                t = t.plusMillis(200 + random.nextInt(60_000));
                Instant time = t;
                int kind = random.nextInt(100);
                if (kind < 15) {
                    time = t.minusMillis(random.nextInt(2 * 86_400_000));
                } else if (kind < 20 && !sent.isEmpty()) {
                    time = sent.get(random.nextInt(sent.size())).time();
                }
                Object value = random.nextInt(10) == 0 ? (Object) (long) (random.nextInt(2000) - 1000)
                        : (Object) (Math.round((random.nextGaussian() * 40 + 20) * 100) / 100.0);
                TelemetryPoint p = new TelemetryPoint(path, time, value);
                call.add(p);
                sent.add(p);
            }
            calls.add(call);
        }
        return calls;
    }

    private void assertRollupsMatchRawPoints(boolean alsoStoredRows) {
        for (String endpoint : DEVICES) {
            for (String path : PATHS) {
                for (Resolution r : Resolution.rollups()) {
                    List<Bucket> expected = BruteForce.buckets(store, endpoint, path, r, FROM, TO);
                    assertThat(expected).as("the test data of %s %s", endpoint, path).isNotEmpty();
                    String what = endpoint + " " + path + " " + r;
                    List<Bucket> queried = service.buckets(new SeriesQuery(endpoint, path, FROM, TO, r, null))
                            .items();
                    BruteForce.assertSameBuckets(queried, expected, "query of " + what);
                    if (alsoStoredRows) {
                        List<Bucket> rows = store.rollups(endpoint, path, r, FROM.getEpochSecond(),
                                TO.getEpochSecond(), Integer.MAX_VALUE);
                        BruteForce.assertSameBuckets(rows, expected, "stored rows of " + what);
                    }
                }
            }
        }
    }

    private void ingestRandomly(long seed, int pointsPerSeries, int flushEvery) {
        Random random = new Random(seed);
        List<Runnable> calls = new ArrayList<>();
        for (String endpoint : DEVICES) {
            for (String path : PATHS) {
                for (List<TelemetryPoint> call : randomIngests(random, path, pointsPerSeries)) {
                    calls.add(() -> service.ingest(endpoint, call));
                }
            }
        }
        // interleave the series as devices would, keeping each series' own order
        List<Runnable> shuffled = new ArrayList<>(calls);
        java.util.Collections.shuffle(shuffled, random);
        int n = 0;
        for (Runnable call : shuffled) {
            call.run();
            if (flushEvery > 0 && ++n % flushEvery == 0) {
                service.flush();
            }
        }
    }

    @Test
    void late_out_of_order_and_duplicate_points_roll_up_like_brute_force_at_every_resolution_and_aggregation() {
        ingestRandomly(42, 700, 97);

        assertRollupsMatchRawPoints(false);
        assertThat(service.stats().latePoints()).isGreaterThan(100);
        assertThat(service.stats().duplicatesDropped()).isGreaterThan(20);

        service.flush();

        assertRollupsMatchRawPoints(true);
    }

    @Test
    void a_clean_restart_keeps_rollups_equal_and_leaves_nothing_to_rebuild() {
        ingestRandomly(7, 300, 0);
        service.close();
        db.close();

        open();

        assertThat(service.stats().recoveredMinutes()).isZero();
        assertRollupsMatchRawPoints(true);
        ingestRandomly(8, 200, 0);
        assertRollupsMatchRawPoints(false);
    }

    @Test
    void after_a_crash_the_rollups_are_rebuilt_from_the_raw_points() {
        ingestRandomly(11, 300, 50);
        ingestRandomly(12, 100, 0);
        // crash: the service never flushes what it holds in memory; the database only loses nothing acknowledged
        db.close();

        open();

        assertThat(service.stats().recoveredMinutes()).isPositive();
        assertRollupsMatchRawPoints(true);
        assertThat(store.pendingMinutes()).isEmpty();
    }

    @Test
    void concurrent_ingests_flushes_and_queries_keep_rollups_exact() throws Exception {
        service.close();
        service = DefaultTelemetryService.builder().store(store).clock(clock).flushInterval(Duration.ofMillis(5))
                .idleAfter(Duration.ofMillis(20)).build();
        service.start();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < DEVICES.size(); i++) {
                String endpoint = DEVICES.get(i);
                long seed = 100 + i;
                writers.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    for (String path : PATHS) {
                        for (List<TelemetryPoint> call : randomIngests(random, path, 400)) {
                            service.ingest(endpoint, call);
                        }
                    }
                }));
            }
            Future<Integer> reader = threads.submit(() -> {
                int queries = 0;
                while (!done.get()) {
                    for (String endpoint : DEVICES) {
                        if (!service.paths(endpoint).isEmpty()) {
                            String path = service.paths(endpoint).get(0);
                            service.buckets(new SeriesQuery(endpoint, path, FROM, TO, Resolution.HOUR, null));
                            queries++;
                        }
                    }
                }
                return queries;
            });
            for (Future<?> w : writers) {
                w.get();
            }
            done.set(true);
            assertThat(reader.get()).isPositive();
        } finally {
            threads.shutdownNow();
        }

        assertRollupsMatchRawPoints(false);
        service.flush();
        assertRollupsMatchRawPoints(true);
    }

    @Test
    void points_in_order_never_read_a_rollup_row() {
        CountingStore counting = new CountingStore(store);
        service.close();
        service = DefaultTelemetryService.builder().store(counting).clock(clock).build();
        Instant t = NOW.minus(Duration.ofDays(2));
        for (int i = 0; i < 5_000; i++) {
            service.ingest("dev-1", List.of(new TelemetryPoint("/3303/0/5700", t.plusSeconds(i * 7L), i * 0.5)));
            if (i % 100 == 0) {
                service.flush();
            }
        }

        assertThat(counting.rollupReads()).isZero();
        assertThat(counting.pointLookups()).isZero();
        assertThat(counting.appends()).isEqualTo(5_000);
    }
}
