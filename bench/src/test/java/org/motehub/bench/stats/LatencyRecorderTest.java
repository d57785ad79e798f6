// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void window_keeps_outcomes_that_ended_inside_it() {
        LatencyRecorder r = new LatencyRecorder();
        r.success(1_000, 5);
        r.success(2_000, 7);
        r.success(3_000, 9);
        r.failure(1_500);
        r.failure(3_500);
        Samples s = r.window(1_000, 3_000);
        assertThat(s.ends()).containsExactly(1_000, 2_000);
        assertThat(s.latencies()).containsExactly(5, 7);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(r.all().successes()).isEqualTo(3);
        assertThat(r.all().failures()).isEqualTo(2);
    }

    @Test
    void concurrent_recording_loses_nothing() throws InterruptedException {
        LatencyRecorder r = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    r.success(i, i);
                    r.failure(i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(r.successes()).isEqualTo(20_000);
        assertThat(r.failures()).isEqualTo(20_000);
    }

    @Test
    void summary_rate_is_successes_per_elapsed_second() {
        Samples s = new Samples(new long[] { 1, 2, 3, 4 }, new long[] { 1_000_000, 2_000_000, 3_000_000, 4_000_000 },
                1);
        Summary summary = Summary.of(s, Duration.ofMillis(500));
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.failures()).isEqualTo(1);
        assertThat(summary.ratePerSecond()).isEqualTo(8.0);
        assertThat(summary.medianMillis()).isEqualTo(2.0);
        assertThat(summary.p99Millis()).isEqualTo(4.0);
    }
}
