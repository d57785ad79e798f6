// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TelemetryStore} must have. Each implementation's test extends this class and supplies
 * the store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class TelemetryStoreContract {

    /** A time with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123456789Z");
    private static final String TEMP = "/3303/0/5700";

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected TelemetryStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract TelemetryStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract TelemetryStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static TelemetryPoint point(String path, long secondsAfterT0, Object value) {
        return new TelemetryPoint(path, T0.plusSeconds(secondsAfterT0), value);
    }

    private static BucketRef minute(String endpoint, String path, Instant time) {
        return new BucketRef(endpoint, path, Resolution.MINUTE, Resolution.MINUTE.bucketOf(time.getEpochSecond()));
    }

    private void append(String endpoint, TelemetryPoint... points) {
        store.append(endpoint, List.of(points), List.of());
    }

    @Test
    public void values_of_every_type_read_back_equal_and_of_the_same_type() {
        List<Object> values = List.of(21.5, 21.37, -0.0, 0.0, 1e-300, -123456.789012, 3.4028234663852886E38,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 22.0,
                (double) 21.37f, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 4_000_000_000L, true, false, "",
                "on, \"quoted\"\nline", "Grüße 温度 🌡", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(-5_000_000_000L, 7));
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            points.add(point("/3/0/" + i, i, values.get(i)));
        }
        store.append("dev-1", points, List.of());

        for (TelemetryPoint p : points) {
            TelemetryPoint read = store.find("dev-1", p.path(), p.time()).orElseThrow();
            assertThat(read).as("value %s", p.value()).isEqualTo(p);
            assertThat(read.value()).hasSameClassAs(p.value());
            assertThat(store.points("dev-1", p.path(), T0.minusSeconds(1), T0.plusSeconds(100), 10))
                    .containsExactly(p);
        }
    }

    @Test
    public void points_read_in_time_order_within_from_inclusive_to_exclusive_whatever_the_append_order() {
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            points.add(point(TEMP, i, (double) i));
        }
        List<TelemetryPoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(7));
        store.append("dev-1", shuffled.subList(0, 25), List.of());
        store.append("dev-1", shuffled.subList(25, 50), List.of());

        assertThat(store.points("dev-1", TEMP, T0.plusSeconds(10), T0.plusSeconds(20), 100))
                .containsExactlyElementsOf(points.subList(10, 20));
        assertThat(store.points("dev-1", TEMP, T0.plusSeconds(10).plusNanos(1), T0.plusSeconds(20).plusNanos(1), 100))
                .containsExactlyElementsOf(points.subList(11, 21));
        assertThat(store.points("dev-1", TEMP, T0, T0.plusSeconds(50), 7)).containsExactlyElementsOf(
                points.subList(0, 7));
        assertThat(store.points("dev-1", TEMP, T0.plusSeconds(5), T0.plusSeconds(5), 10)).isEmpty();
    }

    @Test
    public void series_of_other_devices_and_paths_do_not_mix() {
        append("dev-1", point("/3/0/1", 0, 1L), point("/3/0/11", 0, 11L), point("/3/0/1/0", 0, 10L));
        append("dev-10", point("/3/0/1", 0, 100L));
        append("dev", point("/3/0/1", 0, 1000L));

        assertThat(store.points("dev-1", "/3/0/1", T0, T0.plusSeconds(1), 10)).extracting(TelemetryPoint::value)
                .containsExactly(1L);
        assertThat(store.points("dev-1", "/3/0/11", T0, T0.plusSeconds(1), 10)).extracting(TelemetryPoint::value)
                .containsExactly(11L);
        assertThat(store.points("dev-10", "/3/0/1", T0, T0.plusSeconds(1), 10)).extracting(TelemetryPoint::value)
                .containsExactly(100L);
        assertThat(store.points("dev", "/3/0/11", T0, T0.plusSeconds(1), 10)).isEmpty();
        assertThat(store.points("nobody", "/3/0/1", T0, T0.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    public void a_point_at_a_stored_time_replaces_it() {
        append("dev-1", point(TEMP, 0, 1.5));
        append("dev-1", point(TEMP, 0, 2.5));

        assertThat(store.points("dev-1", TEMP, T0, T0.plusSeconds(1), 10)).containsExactly(point(TEMP, 0, 2.5));
    }

    @Test
    public void last_is_the_latest_point_of_the_series() {
        append("dev-1", point(TEMP, 30, 3.0), point(TEMP, 10, 1.0), point("/3303/0/5701", 99, "Cel"));
        append("dev-2", point(TEMP, 50, 5.0));

        assertThat(store.last("dev-1", TEMP)).contains(point(TEMP, 30, 3.0));
        assertThat(store.last("dev-2", TEMP)).contains(point(TEMP, 50, 5.0));
        assertThat(store.last("dev-1", "/3303/0/5702")).isEmpty();
        assertThat(store.last("nobody", TEMP)).isEmpty();
        assertThat(store.find("dev-1", TEMP, T0.plusSeconds(20))).isEmpty();
    }

    @Test
    public void paths_of_a_device_and_devices_of_a_path_are_listed_once_in_order() {
        append("dev-b", point("/3303/0/5700", 0, 1.0), point("/3/0/10", 0, 5L), point("/3/0/9", 0, 80L));
        append("dev-b", point("/3/0/9", 1, 81L), point("/3/0/7/1", 1, 3300L), point("/3/0/7/0", 1, 5000L));
        append("dev-a", point("/3303/0/5700", 0, 2.0));

        assertThat(store.paths("dev-b")).containsExactly("/3/0/7/0", "/3/0/7/1", "/3/0/9", "/3/0/10",
                "/3303/0/5700");
        assertThat(store.endpoints("/3303/0/5700")).containsExactly("dev-a", "dev-b");
        assertThat(store.endpoints("/3/0/9")).containsExactly("dev-b");
        assertThat(store.paths("nobody")).isEmpty();
        assertThat(store.endpoints("/1/0/1")).isEmpty();
    }

    @Test
    public void rollup_rows_are_written_whole_and_read_by_bucket_and_range() {
        long m = Resolution.MINUTE.bucketOf(T0.getEpochSecond());
        BucketRef first = new BucketRef("dev-1", TEMP, Resolution.MINUTE, m);
        BucketRef second = new BucketRef("dev-1", TEMP, Resolution.MINUTE, m + 60);
        BucketRef hour = new BucketRef("dev-1", TEMP, Resolution.HOUR, Resolution.HOUR.bucketOf(m));
        store.putRollups(List.of(new RollupRow(first, new Aggregate(2, 3.0, 1.0, 2.0)),
                new RollupRow(second, new Aggregate(1, -0.5, -0.5, -0.5)),
                new RollupRow(hour, new Aggregate(3, 2.5, -0.5, 2.0))), List.of());
        store.putRollups(List.of(new RollupRow(first, new Aggregate(3, 6.0, 1.0, 3.0))), List.of());

        assertThat(store.rollup(first)).contains(new Aggregate(3, 6.0, 1.0, 3.0));
        assertThat(store.rollup(new BucketRef("dev-2", TEMP, Resolution.MINUTE, m))).isEmpty();
        assertThat(store.rollups("dev-1", TEMP, Resolution.MINUTE, m, m + 120, 10)).containsExactly(
                new Bucket(Instant.ofEpochSecond(m), new Aggregate(3, 6.0, 1.0, 3.0)),
                new Bucket(Instant.ofEpochSecond(m + 60), new Aggregate(1, -0.5, -0.5, -0.5)));
        assertThat(store.rollups("dev-1", TEMP, Resolution.MINUTE, m + 1, m + 120, 10)).hasSize(1);
        assertThat(store.rollups("dev-1", TEMP, Resolution.MINUTE, m, m + 60, 10)).hasSize(1);
        assertThat(store.rollups("dev-1", TEMP, Resolution.MINUTE, m, m + 120, 1)).hasSize(1);
        assertThat(store.rollups("dev-1", TEMP, Resolution.FIVE_MINUTES, m - 3600, m + 3600, 10)).isEmpty();
        assertThat(store.lastRollupStart("dev-1", TEMP, Resolution.MINUTE)).contains(m + 60);
        assertThat(store.lastRollupStart("dev-1", TEMP, Resolution.HOUR)).contains(Resolution.HOUR.bucketOf(m));
        assertThat(store.lastRollupStart("dev-1", TEMP, Resolution.DAY)).isEmpty();
    }

    @Test
    public void the_journal_lists_appended_minutes_until_they_are_settled() {
        BucketRef a = minute("dev-1", TEMP, T0);
        BucketRef b = minute("dev-1", TEMP, T0.plusSeconds(60));
        BucketRef c = minute("dev-2", "/3/0/9", T0);
        store.append("dev-1", List.of(point(TEMP, 0, 1.0)), List.of(a, b));
        store.append("dev-2", List.of(point("/3/0/9", 0, 1L)), List.of(c));

        assertThat(store.pendingMinutes()).containsExactlyInAnyOrder(a, b, c);

        store.putRollups(List.of(new RollupRow(a, Aggregate.of(1.0))), List.of(a, c));

        assertThat(store.pendingMinutes()).containsExactly(b);
        assertThat(store.rollup(a)).contains(Aggregate.of(1.0));
    }

    @Test
    public void expiring_raw_deletes_exactly_the_points_before_the_cutoff_in_every_series() {
        for (int i = 0; i < 10; i++) {
            append("dev-1", point(TEMP, i, (double) i), point("/3/0/9", i, (long) i));
            append("dev-2", point(TEMP, i, (double) -i));
        }

        store.expire(Resolution.RAW, T0.plusSeconds(4));

        assertThat(store.points("dev-1", TEMP, Instant.EPOCH, T0.plusSeconds(100), 100))
                .extracting(TelemetryPoint::value).containsExactly(4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        assertThat(store.points("dev-1", "/3/0/9", Instant.EPOCH, T0.plusSeconds(100), 100)).hasSize(6);
        assertThat(store.points("dev-2", TEMP, Instant.EPOCH, T0.plusSeconds(100), 100)).hasSize(6)
                .first().isEqualTo(point(TEMP, 4, -4.0));
        assertThat(store.last("dev-1", TEMP)).contains(point(TEMP, 9, 9.0));
    }

    @Test
    public void expiring_a_resolution_deletes_the_buckets_that_end_at_or_before_the_cutoff_and_nothing_else() {
        long day = Resolution.DAY.bucketOf(T0.getEpochSecond());
        List<RollupRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new RollupRow(new BucketRef("dev-1", TEMP, Resolution.HOUR, day + i * 3600L), Aggregate.of(i)));
            rows.add(new RollupRow(new BucketRef("dev-1", TEMP, Resolution.MINUTE, day + i * 60L), Aggregate.of(i)));
        }
        rows.add(new RollupRow(new BucketRef("dev-1", TEMP, Resolution.DAY, day), Aggregate.of(9)));
        store.putRollups(rows, List.of());
        append("dev-1", point(TEMP, 0, 1.0));

        // the hour starting at day+2h ends at day+3h: it is expired only by a cutoff of day+3h or later
        store.expire(Resolution.HOUR, Instant.ofEpochSecond(day + 3 * 3600 - 1));

        assertThat(store.rollups("dev-1", TEMP, Resolution.HOUR, day, day + 86400, 10))
                .extracting(b -> b.start().getEpochSecond()).containsExactly(day + 2 * 3600, day + 3 * 3600,
                        day + 4 * 3600);
        assertThat(store.rollups("dev-1", TEMP, Resolution.MINUTE, day, day + 86400, 10)).hasSize(5);
        assertThat(store.rollup(new BucketRef("dev-1", TEMP, Resolution.DAY, day))).isPresent();

        store.expire(Resolution.HOUR, Instant.ofEpochSecond(day + 3 * 3600));

        assertThat(store.rollups("dev-1", TEMP, Resolution.HOUR, day, day + 86400, 10)).hasSize(2);
        assertThat(store.points("dev-1", TEMP, T0, T0.plusSeconds(1), 10)).hasSize(1);
    }

    @Test
    public void everything_survives_a_restart() {
        append("dev-1", point(TEMP, 0, 21.5), point("/3/0/0", 0, "Acme"));
        BucketRef m = minute("dev-1", TEMP, T0);
        store.putRollups(List.of(new RollupRow(m, Aggregate.of(21.5))), List.of());
        store.append("dev-1", List.of(point(TEMP, 1, 22.0)), List.of(m));

        store = reopenStore();

        assertThat(store.points("dev-1", TEMP, T0, T0.plusSeconds(10), 10)).containsExactly(point(TEMP, 0, 21.5),
                point(TEMP, 1, 22.0));
        assertThat(store.rollup(m)).contains(Aggregate.of(21.5));
        assertThat(store.pendingMinutes()).containsExactly(m);
        assertThat(store.paths("dev-1")).containsExactly("/3/0/0", TEMP);
        assertThat(store.endpoints(TEMP)).containsExactly("dev-1");
        append("dev-2", point(TEMP, 0, 1.0));
        assertThat(store.points("dev-1", TEMP, T0, T0.plusSeconds(10), 10)).hasSize(2);
        assertThat(store.points("dev-2", TEMP, T0, T0.plusSeconds(10), 10)).hasSize(1);
    }

    @Test
    public void times_a_store_cannot_hold_are_refused_without_storing_anything() {
        assertThatThrownBy(() -> append("dev-1", point(TEMP, 0, 1.0),
                new TelemetryPoint(TEMP, Instant.parse("2300-01-01T00:00:00Z"), 2.0)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.points("dev-1", TEMP, Instant.EPOCH, Instant.parse("2262-01-01T00:00:00Z"), 10)).isEmpty();
    }
}
