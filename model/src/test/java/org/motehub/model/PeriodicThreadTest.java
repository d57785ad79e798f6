// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicThreadTest {

    @Test
    void runs_the_task_again_and_again_on_its_named_thread_until_stopped() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        String[] name = new String[1];
        PeriodicThread thread = new PeriodicThread("test-periodic", () -> {
            name[0] = Thread.currentThread().getName();
            runs.incrementAndGet();
            three.countDown();
        });

        assertThat(thread.start(Duration.ZERO, Duration.ofMillis(5))).isTrue();
        assertThat(thread.start(Duration.ZERO, Duration.ofMillis(5))).isFalse();
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        thread.stop(false);
        int stopped = runs.get();
        Thread.sleep(50);

        assertThat(runs.get()).isEqualTo(stopped);
        assertThat(name[0]).isEqualTo("test-periodic");
        thread.stop(false); // idempotent
    }

    @Test
    void stop_lets_a_run_finish_or_interrupts_it() throws InterruptedException {
        for (boolean interrupt : new boolean[] { false, true }) {
            CountDownLatch running = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            AtomicBoolean finished = new AtomicBoolean();
            PeriodicThread thread = new PeriodicThread("test-periodic", () -> {
                running.countDown();
                try {
                    Thread.sleep(200);
                    finished.set(true);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            });
            thread.start(Duration.ZERO, Duration.ofHours(1));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

            thread.stop(interrupt);

            assertThat(interrupted.get()).isEqualTo(interrupt);
            assertThat(finished.get()).isEqualTo(!interrupt);
        }
    }

    @Test
    void the_delay_must_be_positive_and_the_first_delay_not_negative() {
        PeriodicThread thread = new PeriodicThread("test-periodic", () -> { });
        assertThatThrownBy(() -> thread.start(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> thread.start(Duration.ofMillis(-1), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
