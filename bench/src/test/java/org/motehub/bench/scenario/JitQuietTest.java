// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class JitQuietTest {

    private static final Duration WINDOW = Duration.ofMillis(20);
    /** Compiler CPU time per window that is not quiet: a tenth of a core. */
    private static final long BUSY = WINDOW.toNanos() / 10;

    @Test
    void returns_once_both_compilers_used_under_five_percent_of_a_core_in_a_window() throws InterruptedException {
        AtomicLong looks = new AtomicLong();
        // the generator compiles during the first three looks, then stops; the server never compiles
        boolean quiet = JitQuiet.await("test", () -> Math.min(looks.incrementAndGet(), 4) * BUSY, () -> 0L, WINDOW,
                Duration.ofSeconds(5));

        assertThat(quiet).isTrue();
        assertThat(looks.get()).isEqualTo(5);
    }

    @Test
    void a_busy_server_compiler_keeps_it_waiting_until_the_bound() throws InterruptedException {
        AtomicLong looks = new AtomicLong();
        long t0 = System.nanoTime();

        boolean quiet = JitQuiet.await("test", () -> 0L, () -> looks.incrementAndGet() * BUSY, WINDOW,
                Duration.ofMillis(200));

        assertThat(quiet).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
