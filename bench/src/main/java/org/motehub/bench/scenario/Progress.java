// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.StatisticsLog;

/** Logs a scenario's progress every few seconds on the statistics logger while it runs. */
final class Progress implements AutoCloseable {

    private static final long PERIOD_SECONDS = 5;

    private final ScheduledFuture<?> task;
    private int lastCount;

    private Progress(ScheduledExecutorService scheduler, String server, String scenario, LatencyRecorder recorder) {
        this.task = scheduler.scheduleAtFixedRate(() -> {
            int count = recorder.successes();
            StatisticsLog.LOG.info("[{}] {}: {} ok, {} failed, {}/s over the last {} s", server, scenario, count,
                    recorder.failures(), (count - lastCount) / PERIOD_SECONDS, PERIOD_SECONDS);
            lastCount = count;
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    static Progress start(RunContext c, String scenario, LatencyRecorder recorder) {
        return new Progress(c.fleet.scheduler(), c.label, scenario, recorder);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
