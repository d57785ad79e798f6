// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.InvalidInputException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.testing.MutableClock;

/** Ingest rules, queries, paging, latest values, fleet aggregates and listeners of the telemetry service. */
class DefaultTelemetryServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String TEMP = "/3303/0/5700";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(NOW);
    private MotehubDb db;
    private DefaultTelemetryService service;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        service = DefaultTelemetryService.builder().store(new RocksDbTelemetryStore(db)).clock(clock).build();
    }

    @AfterEach
    void close() {
        service.close();
        db.close();
    }

    private static TelemetryPoint at(long secondsBeforeNow, Object value) {
        return new TelemetryPoint(TEMP, NOW.minusSeconds(secondsBeforeNow), value);
    }

    private static SeriesQuery query(String endpoint, Resolution step, PageRequest page) {
        return new SeriesQuery(endpoint, TEMP, NOW.minus(Duration.ofDays(2)), NOW.plusSeconds(1), step, page);
    }

    private List<Object> values(String endpoint) {
        return service.points(query(endpoint, Resolution.RAW, null)).items().stream()
                .map(TelemetryPoint::value).toList();
    }

    @Test
    void the_first_value_at_a_time_wins_within_one_ingest_across_ingests_and_after_a_flush() {
        service.ingest("dev-1", List.of(at(60, 1.0), at(60, 2.0), at(30, 3.0)));
        service.ingest("dev-1", List.of(at(30, 4.0)));
        service.flush();
        service.ingest("dev-1", List.of(at(60, 5.0), at(10, 6.0)));

        assertThat(values("dev-1")).containsExactly(1.0, 3.0, 6.0);
        assertThat(service.stats().duplicatesDropped()).isEqualTo(3);
        assertThat(service.buckets(query("dev-1", Resolution.DAY, null)).items()).singleElement()
                .extracting(Bucket::aggregate).isEqualTo(new Aggregate(3, 10.0, 1.0, 6.0));
    }

    @Test
    void points_too_old_too_far_ahead_or_with_a_bad_path_are_refused_and_the_others_stored() {
        List<TelemetryPoint> points = List.of(
                new TelemetryPoint(TEMP, NOW.minus(Duration.ofDays(7)).minusNanos(1), 1.0),
                new TelemetryPoint(TEMP, NOW.minus(Duration.ofDays(7)), 2.0),
                new TelemetryPoint(TEMP, NOW.plus(Duration.ofDays(1)), 3.0),
                new TelemetryPoint(TEMP, NOW.plus(Duration.ofDays(1)).plusNanos(1), 4.0),
                new TelemetryPoint("/3303/0", NOW, 5.0), new TelemetryPoint("3303/0/5700", NOW, 6.0),
                new TelemetryPoint("/3303/0/70000", NOW, 7.0));

        service.ingest("dev-1", points);

        assertThat(service.points(new SeriesQuery("dev-1", TEMP, Instant.EPOCH, NOW.plus(Duration.ofDays(2)),
                Resolution.RAW, null)).items()).extracting(TelemetryPoint::value).containsExactly(2.0, 3.0);
        assertThat(service.stats().pointsRefused()).isEqualTo(5);
        assertThat(service.stats().pointsStored()).isEqualTo(2);
        assertThat(service.paths("dev-1")).containsExactly(TEMP);
    }

    @Test
    void only_finite_numbers_are_rolled_up_and_every_value_type_is_kept_raw() {
        service.ingest("dev-1", List.of(at(50, 1.5), at(40, 2L), at(30, Double.NaN), at(20, true), at(10, "x"),
                at(5, Instant.parse("2026-01-01T00:00:00Z")), at(3, Double.POSITIVE_INFINITY)));

        assertThat(values("dev-1")).hasSize(7);
        assertThat(service.buckets(query("dev-1", Resolution.HOUR, null)).items()).singleElement()
                .extracting(Bucket::aggregate).isEqualTo(new Aggregate(2, 3.5, 1.5, 2.0));
    }

    @Test
    void raw_points_page_with_an_opaque_cursor_and_an_unpaged_window_has_a_limit() {
        for (int i = 0; i < 25; i++) {
            service.ingest("dev-1", List.of(at(1000 - i, (double) i)));
        }
        List<Object> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<TelemetryPoint> page = service.points(query("dev-1", Resolution.RAW, PageRequest.of(10, cursor)));
            page.items().forEach(p -> seen.add(p.value()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThatThrownBy(() -> service.points(query("dev-1", Resolution.RAW, PageRequest.of(10, "bm90LWEtbnVtYmVy"))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("cursor"));
    }

    @Test
    void a_window_with_more_values_than_the_unpaged_limit_asks_for_paging() {
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i <= TelemetryService.MAX_UNPAGED; i++) {
            points.add(new TelemetryPoint(TEMP, NOW.minus(Duration.ofHours(20)).plusSeconds(i), (double) i));
        }
        service.ingest("dev-1", points);

        assertThatThrownBy(() -> service.points(query("dev-1", Resolution.RAW, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("limit"));
        assertThat(service.buckets(query("dev-1", Resolution.MINUTE, null)).items()).hasSize(167);
        assertThat(service.points(query("dev-1", Resolution.RAW, PageRequest.of(1000, null))).nextCursor())
                .isNotNull();
    }

    @Test
    void buckets_page_by_start_and_the_window_starts_at_the_bucket_holding_from() {
        for (int i = 0; i < 30; i++) {
            service.ingest("dev-1", List.of(at(3600 - i * 60L, (double) i)));
        }
        Instant from = NOW.minusSeconds(3600 - 90);
        List<Bucket> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Bucket> page = service.buckets(new SeriesQuery("dev-1", TEMP, from, NOW, Resolution.MINUTE,
                    PageRequest.of(7, cursor)));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(all).hasSize(29).extracting(b -> b.aggregate().min()).first().isEqualTo(1.0);
        assertThat(all.get(0).start()).isEqualTo(NOW.minusSeconds(3600 - 60));
    }

    @Test
    void an_unknown_or_malformed_path_is_invalid_input_naming_path() {
        service.ingest("dev-1", List.of(at(10, 1.0)));

        for (String path : List.of("/3303/0/5701", "/3303/0", "temperature")) {
            assertThatThrownBy(() -> service.points(new SeriesQuery("dev-1", path, NOW.minusSeconds(60), NOW,
                    Resolution.RAW, null))).isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("path"));
        }
        assertThatThrownBy(() -> new SeriesQuery("dev-1", TEMP, NOW, NOW.minusNanos(1), Resolution.RAW, null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("from"));
    }

    @Test
    void latest_is_the_newest_point_of_every_path_and_a_late_point_does_not_replace_it() {
        service.ingest("dev-1", List.of(at(10, 21.5), new TelemetryPoint("/3/0/0", NOW.minusSeconds(99), "Acme"),
                new TelemetryPoint("/3/0/7/1", NOW.minusSeconds(5), 3300L)));
        service.ingest("dev-1", List.of(at(500, 19.0)));

        assertThat(service.latest("dev-1")).containsExactly(new TelemetryPoint("/3/0/0", NOW.minusSeconds(99), "Acme"),
                new TelemetryPoint("/3/0/7/1", NOW.minusSeconds(5), 3300L), at(10, 21.5));
        assertThat(service.latest("nobody")).isEmpty();
    }

    @Test
    void a_fleet_query_merges_buckets_across_the_devices_the_filter_accepts() {
        service.ingest("dev-1", List.of(at(7200, 10.0), at(10, 20.0)));
        service.ingest("dev-2", List.of(at(7100, 30.0)));
        service.ingest("dev-3", List.of(at(7000, 1000.0)));
        service.ingest("dev-4", List.of(new TelemetryPoint("/3/0/9", NOW, 50L)));
        service.flush();
        service.ingest("dev-2", List.of(at(20, 40.0)));

        List<FleetBucket> buckets = service.fleet(new FleetQuery(TEMP, NOW.minusSeconds(3 * 3600), NOW,
                Resolution.HOUR, Set.of("dev-1", "dev-2", "dev-4")::contains));

        assertThat(buckets).containsExactly(
                new FleetBucket(NOW.minusSeconds(7200), new Aggregate(2, 40.0, 10.0, 30.0), 2),
                new FleetBucket(NOW.minusSeconds(3600), new Aggregate(2, 60.0, 20.0, 40.0), 2));
        assertThatThrownBy(() -> service.fleet(new FleetQuery("/3303/0/5701", NOW.minusSeconds(60), NOW,
                Resolution.HOUR, e -> true))).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("path");
        assertThatThrownBy(() -> service.fleet(new FleetQuery(TEMP, NOW.minus(Duration.ofDays(8)), NOW,
                Resolution.MINUTE, e -> true))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("step");
        assertThatThrownBy(() -> new FleetQuery(TEMP, NOW.minusSeconds(60), NOW, Resolution.RAW, e -> true))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("step");
    }

    @Test
    void listeners_hear_the_stored_points_only_and_a_failing_listener_harms_nothing() {
        List<String> heard = new CopyOnWriteArrayList<>();
        service.addListener((endpoint, points) -> {
            throw new IllegalStateException("broken listener");
        });
        TelemetryListener listener = (endpoint, points) -> points.forEach(p -> heard.add(endpoint + " " + p.value()));
        service.addListener(listener);

        service.ingest("dev-1", List.of(at(10, 1.0), at(10, 2.0), new TelemetryPoint("bad", NOW, 3.0)));
        service.ingest("dev-2", List.of(at(5, 4.0)));
        service.removeListener(listener);
        service.ingest("dev-2", List.of(at(4, 5.0)));

        assertThat(heard).containsExactly("dev-1 1.0", "dev-2 4.0");
        assertThat(values("dev-2")).containsExactly(4.0, 5.0);
    }
}
