// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.stats.LatencyRecorder;

/**
 * Makes the fleet send {@code rate} notifications per second in total, round robin over the observed devices, in
 * ticks of 100 ms; each notification is confirmable and its acknowledgement time is recorded.
 */
final class NotificationPacer implements AutoCloseable {

    private static final long TICK_MILLIS = 100;

    private final List<SimulatedDevice> devices;
    private final double perTick;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final ScheduledFuture<?> task;
    private double budget;
    private int next;

    NotificationPacer(List<SimulatedDevice> devices, int rate, ScheduledExecutorService scheduler) {
        this.devices = devices;
        this.perTick = rate * TICK_MILLIS / 1000.0;
        this.task = scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        budget = Math.min(budget + perTick, perTick * 10);
        int tried = 0;
        while (budget >= 1 && tried < devices.size()) {
            SimulatedDevice d = devices.get(next);
            next = (next + 1) % devices.size();
            tried++;
            if (d.notifyTemperature(recorder)) {
                budget--;
            }
        }
    }

    /** @return the notifications' acknowledgement times. */
    LatencyRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
