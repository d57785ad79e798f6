// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.motehub.bench.stats.TimeSeries.Point;

class TimeSeriesTest {

    @Test
    void outcomes_fall_into_one_second_buckets_with_their_own_percentiles() {
        Samples s = new Samples(new long[] { 10_000, 10_500, 10_900, 11_200 },
                new long[] { 1_000_000, 3_000_000, 2_000_000, 8_000_000 }, 0);
        List<Point> points = TimeSeries.of(s, 10_000, 12_000, 1_000).points();
        assertThat(points).hasSize(2);
        assertThat(points.get(0)).isEqualTo(new Point(0, 3, 2.0, 3.0));
        assertThat(points.get(1)).isEqualTo(new Point(1, 1, 8.0, 8.0));
    }

    @Test
    void a_remainder_of_at_least_half_a_bucket_is_a_bucket_with_its_rate_scaled_to_its_width() {
        Samples s = new Samples(new long[] { 1_100, 1_200, 1_500 }, new long[] { 1, 1, 1 }, 0);
        List<Point> points = TimeSeries.of(s, 0, 1_600, 1_000).points();
        assertThat(points).hasSize(2);
        assertThat(points.get(1).perSecond()).isEqualTo(5.0);
    }

    @Test
    void a_remainder_under_half_a_bucket_joins_the_last_bucket() {
        Samples s = new Samples(new long[] { 100, 1_100, 1_200 }, new long[] { 1, 1, 1 }, 0);
        List<Point> points = TimeSeries.of(s, 0, 1_250, 1_000).points();
        assertThat(points).hasSize(1);
        assertThat(points.get(0).perSecond()).isEqualTo(2.4);
    }

    @Test
    void outcomes_outside_the_range_are_left_out() {
        Samples s = new Samples(new long[] { 500, 5_000 }, new long[] { 1, 1 }, 0);
        List<Point> points = TimeSeries.of(s, 1_000, 3_000, 1_000).points();
        assertThat(points).extracting(Point::perSecond).containsExactly(0.0, 0.0);
    }

    @Test
    void empty_range_still_has_one_empty_bucket() {
        assertThat(TimeSeries.of(Samples.empty(), 1_000, 1_000, 1_000).points()).hasSize(1);
    }

    @Test
    void bucket_width_gives_a_few_dozen_points_for_any_span() {
        assertThat(TimeSeries.bucketFor(500)).isEqualTo(100);
        assertThat(TimeSeries.bucketFor(7_000)).isEqualTo(200);
        assertThat(TimeSeries.bucketFor(60_000)).isEqualTo(2_000);
        assertThat(TimeSeries.bucketFor(3_600_000)).isEqualTo(10_000);
    }
}
