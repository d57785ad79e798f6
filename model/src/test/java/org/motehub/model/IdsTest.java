// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.motehub.model.testing.MutableClock;

class IdsTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");

    @Test
    void ids_made_in_the_same_millisecond_are_strictly_increasing() {
        Ids ids = new Ids(Clock.fixed(T0, ZoneOffset.UTC));
        List<String> made = new ArrayList<>();

        for (int i = 0; i < 5000; i++) {
            made.add(ids.next());
        }

        assertThat(made).allMatch(id -> id.matches("[0-9a-f]{16}"));
        for (int i = 1; i < made.size(); i++) {
            assertThat(made.get(i)).isGreaterThan(made.get(i - 1));
        }
    }

    @Test
    void a_later_millisecond_gives_a_greater_id_and_an_earlier_one_does_not_go_back() {
        MutableClock clock = MutableClock.at(T0);
        Ids ids = new Ids(clock);
        String first = ids.next();

        clock.advance(Duration.ofMillis(1));
        String later = ids.next();
        clock.advance(Duration.ofSeconds(-10));
        String afterClockWentBack = ids.next();

        assertThat(later).isGreaterThan(first);
        assertThat(afterClockWentBack).isGreaterThan(later);
    }

    @Test
    void ids_encode_the_millisecond_in_their_leading_digits() {
        Ids ids = new Ids(Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(Long.parseLong(ids.next(), 16) >>> 20).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void ids_made_concurrently_are_unique() throws Exception {
        Ids ids = new Ids(Clock.fixed(T0, ZoneOffset.UTC));
        Set<String> made = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        made.add(ids.next());
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(made).hasSize(threads * perThread);
    }
}
