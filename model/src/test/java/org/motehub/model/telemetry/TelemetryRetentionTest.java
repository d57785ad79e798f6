// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.testing.MutableClock;

/** Retention deletes exactly what each resolution no longer keeps, once or in the background. */
class TelemetryRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String TEMP = "/3303/0/5700";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(NOW);
    private MotehubDb db;
    private RocksDbTelemetryStore store;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        store = new RocksDbTelemetryStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Ingests one point every {@code step} from {@code from} (inclusive) to now (exclusive), then flushes. */
    private void ingestUntilNow(RetentionPolicy policy, Duration span, Duration step, String... endpoints) {
        try (DefaultTelemetryService service = DefaultTelemetryService.builder().store(store).clock(clock)
                .retention(policy).build()) {
            for (String endpoint : endpoints) {
                List<TelemetryPoint> points = new ArrayList<>();
                for (Instant t = clock.instant().minus(span); t.isBefore(clock.instant()); t = t.plus(step)) {
                    points.add(new TelemetryPoint(TEMP, t, 1.0));
                }
                service.ingest(endpoint, points);
            }
        }
    }

    private List<Instant> rawTimes(String endpoint) {
        return store.points(endpoint, TEMP, Instant.EPOCH, NOW.plus(Duration.ofDays(400)), Integer.MAX_VALUE)
                .stream().map(TelemetryPoint::time).toList();
    }

    private List<Instant> bucketStarts(String endpoint, Resolution r) {
        return store.rollups(endpoint, TEMP, r, 0, Long.MAX_VALUE, Integer.MAX_VALUE).stream().map(Bucket::start)
                .toList();
    }

    @Test
    void default_policy_deletes_raw_points_older_than_seven_days_exactly_and_keeps_the_rollups() {
        ingestUntilNow(RetentionPolicy.defaults(), Duration.ofDays(6), Duration.ofMinutes(30), "dev-1", "dev-2");
        List<Instant> before = rawTimes("dev-1");
        List<Instant> minutes = bucketStarts("dev-1", Resolution.MINUTE);
        clock.advance(Duration.ofDays(3));
        Instant cutoff = clock.instant().minus(Duration.ofDays(7));

        new TelemetryRetention(store, RetentionPolicy.defaults(), clock, Duration.ofHours(1)).runOnce();

        List<Instant> kept = before.stream().filter(t -> !t.isBefore(cutoff)).toList();
        assertThat(kept).hasSizeBetween(1, before.size() - 1).contains(cutoff);
        assertThat(rawTimes("dev-1")).containsExactlyElementsOf(kept);
        assertThat(rawTimes("dev-2")).containsExactlyElementsOf(kept);
        assertThat(bucketStarts("dev-1", Resolution.MINUTE)).containsExactlyElementsOf(minutes);
    }

    @Test
    void each_resolution_loses_exactly_the_buckets_that_end_before_its_cutoff() {
        RetentionPolicy policy = RetentionPolicy.builder().keep(Resolution.RAW, Duration.ofHours(2))
                .keep(Resolution.MINUTE, Duration.ofHours(26)).keep(Resolution.FIVE_MINUTES, Duration.ofHours(27))
                .keep(Resolution.HOUR, Duration.ofDays(2)).keepForever(Resolution.DAY).build();
        ingestUntilNow(policy, Duration.ofHours(2), Duration.ofSeconds(50), "dev-1");
        List<Instant> raw = rawTimes("dev-1");
        var before = new java.util.EnumMap<Resolution, List<Instant>>(Resolution.class);
        for (Resolution r : Resolution.rollups()) {
            before.put(r, bucketStarts("dev-1", r));
        }
        clock.advance(Duration.ofHours(25).plusMinutes(10).plusSeconds(30));

        var cutoffs = new TelemetryRetention(store, policy, clock, Duration.ofHours(1)).runOnce();

        assertThat(cutoffs).containsOnlyKeys(Resolution.RAW, Resolution.MINUTE, Resolution.FIVE_MINUTES,
                Resolution.HOUR);
        assertThat(rawTimes("dev-1")).isEmpty();
        assertThat(raw).isNotEmpty();
        for (Resolution r : Resolution.rollups()) {
            Instant cutoff = cutoffs.getOrDefault(r, Instant.MIN);
            List<Instant> expected = before.get(r).stream().filter(s -> s.plus(r.length()).isAfter(cutoff)).toList();
            assertThat(bucketStarts("dev-1", r)).as("%s buckets after a cutoff of %s", r, cutoff)
                    .containsExactlyElementsOf(expected);
        }
        // the minute cutoff falls 50 minutes into the two hours of data: some minutes go, some stay
        assertThat(bucketStarts("dev-1", Resolution.MINUTE)).hasSizeBetween(1, before.get(Resolution.MINUTE).size()
                - 1);
    }

    @Test
    void the_background_thread_is_named_and_stops() {
        ingestUntilNow(RetentionPolicy.defaults(), Duration.ofDays(1), Duration.ofHours(1), "dev-1");
        clock.advance(Duration.ofDays(7));
        TelemetryRetention retention = new TelemetryRetention(store, RetentionPolicy.defaults(), clock,
                Duration.ofMillis(50));

        retention.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> rawTimes("dev-1").size() < 24);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("motehub-telemetry-retention");
        } finally {
            retention.close();
        }
        retention.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("motehub-telemetry-retention")));
    }
}
