// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FanOutTest {

    @Test
    void every_target_is_recorded_once_as_success_or_failure() throws InterruptedException {
        List<Integer> targets = List.of(1, 2, 3, 4, 5, 6);
        LatencyRecorder r = new LatencyRecorder();
        boolean done = FanOut.run(targets, i -> i % 3 == 0 ? CompletableFuture.completedFuture(false)
                : i == 5 ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                        : CompletableFuture.completedFuture(true), 2, Duration.ofSeconds(5), r);
        assertThat(done).isTrue();
        assertThat(r.successes()).isEqualTo(3);
        assertThat(r.failures()).isEqualTo(3);
    }

    @Test
    void never_more_than_concurrency_operations_are_in_flight() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            targets.add(i);
        }
        LatencyRecorder r = new LatencyRecorder();
        FanOut.run(targets, i -> CompletableFuture.supplyAsync(() -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return true;
        }), 3, Duration.ofSeconds(5), r);
        assertThat(most.get()).isLessThanOrEqualTo(3);
        assertThat(r.successes()).isEqualTo(50);
    }

    @Test
    void operations_unfinished_at_the_deadline_count_as_failures_and_late_answers_are_ignored()
            throws InterruptedException {
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        LatencyRecorder r = new LatencyRecorder();
        boolean done = FanOut.run(List.of(1, 2, 3), i -> {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }, 2, Duration.ofMillis(100), r);
        pending.forEach(f -> f.complete(true));
        assertThat(done).isFalse();
        assertThat(r.successes()).isZero();
        assertThat(r.failures()).isEqualTo(3);
    }
}
