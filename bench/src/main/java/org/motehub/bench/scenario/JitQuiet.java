// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.motehub.bench.stats.StatisticsLog;

/**
 * Waits, between the warm-up and the measured register storm, until the JIT compilers of the generator and of the
 * server have caught up. On two cores the C2 compiler queue outlives a 1,000-device warm-up: in the first measured
 * storm of a run the generator's C2 thread still spent 0.3 ms per registration compiling Scandium's handshake (and
 * nothing in later storms), which cost whichever server came first a fifth of its rate (2026-12-06).
 */
final class JitQuiet {

    /** The length of one look at the compilers. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** Quiet: both compilers together used less than this share of one core over a window. */
    static final double QUIET_SHARE = 0.05;
    /** The longest wait; a run goes on after it, compilers quiet or not. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private JitQuiet() {
    }

    /**
     * @param label the server's label, for the statistics line
     * @param generatorJit CPU time of the generator's JIT compiler threads so far, nanoseconds
     * @param serverJit the same for the server
     * @param window the length of one look ({@link #WINDOW} outside tests)
     * @param maxWait the longest wait ({@link #MAX_WAIT} outside tests)
     * @return whether the compilers went quiet within {@code maxWait}
     * @throws InterruptedException if interrupted while waiting
     */
    static boolean await(String label, LongSupplier generatorJit, LongSupplier serverJit, Duration window,
            Duration maxWait) throws InterruptedException {
        long t0 = System.nanoTime();
        long generator = generatorJit.getAsLong();
        long server = serverJit.getAsLong();
        while (System.nanoTime() - t0 < maxWait.toNanos()) {
            Thread.sleep(window.toMillis());
            long g = generatorJit.getAsLong();
            long s = serverJit.getAsLong();
            long used = (g - generator) + (s - server);
            if (used < window.toNanos() * QUIET_SHARE) {
                StatisticsLog.LOG.info("[{}] JIT compilers quiet after {} s (last {} ms: generator {} ms, server {} ms "
                        + "of compiler CPU)", label, seconds(System.nanoTime() - t0), window.toMillis(),
                        (g - generator) / 1_000_000, (s - server) / 1_000_000);
                return true;
            }
            generator = g;
            server = s;
        }
        StatisticsLog.LOG.info("[{}] JIT compilers still busy after {} s; measuring anyway", label,
                seconds(System.nanoTime() - t0));
        return false;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
