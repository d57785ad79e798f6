// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;
import java.util.List;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.stats.FanOut;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.Summary;

/**
 * The end of every run: the devices stop updating and deregister (DELETE of their registration location). For
 * Motehub this runs after the cold start, on the registrations and DTLS sessions it restored; for the in-memory
 * baseline it runs before its restart, while it still knows the devices.
 */
final class Deregistration {

    static final String TITLE = "deregister";

    private Deregistration() {
    }

    static void run(RunContext c) throws InterruptedException {
        c.fleet.stopKeepAlives();
        List<SimulatedDevice> registered = c.fleet.devices().stream().filter(SimulatedDevice::isRegistered).toList();
        LatencyRecorder recorder = new LatencyRecorder();
        long t0 = System.nanoTime();
        Progress progress = Progress.start(c, TITLE, recorder);
        try {
            FanOut.run(registered, d -> d.deregister().thenApply(v -> true), c.plan.stormConcurrency(),
                    c.plan.fanOutDeadline(), recorder);
        } finally {
            progress.close();
        }
        Summary summary = Summary.of(recorder.all(), Duration.ofNanos(System.nanoTime() - t0));
        c.addSummary(TITLE, "deregistrations", summary);
        c.logSummary(TITLE, summary);
    }
}
