// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;

import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.stats.FanOut;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.bench.stats.Samples;
import org.motehub.bench.stats.Summary;
import org.motehub.bench.stats.TimeSeries;

/**
 * Before the steady state: the server observes {@code /3303/0/5700} on every registered device. Motehub is asked
 * through its REST API (an OBSERVE command per device, waited for); vanilla Leshan through {@code LeshanServer.send}
 * inside its process, as a Leshan user would.
 */
final class ObserveSetup {

    static final String TITLE = "observe setup";
    private static final String PATH = "/3303/0/5700";

    private ObserveSetup() {
    }

    static void run(RunContext c) throws InterruptedException {
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Samples samples;
        if (c.rest().isPresent()) {
            MotehubRestClient rest = c.rest().get();
            LatencyRecorder recorder = new LatencyRecorder();
            Progress progress = Progress.start(c, TITLE, recorder);
            try {
                FanOut.run(c.fleet.devices().stream().filter(SimulatedDevice::isRegistered).toList(),
                        d -> rest.command(d.endpoint(), "OBSERVE", PATH), c.plan.readConcurrency(),
                        c.plan.fanOutDeadline(), recorder);
            } finally {
                progress.close();
            }
            samples = recorder.all();
        } else {
            samples = c.server.fanOut("OBSERVE", c.plan.readConcurrency(), c.plan.fanOutDeadline().plusSeconds(30));
        }
        long elapsed = System.nanoTime() - t0;
        Summary summary = Summary.of(samples, Duration.ofNanos(elapsed));
        c.addSummary(TITLE, "observations", summary);
        c.report.series(TITLE, TimeSeries.of(samples, wall0, wall0 + elapsed / 1_000_000));
        c.logSummary(TITLE + (c.rest().isPresent() ? " (REST)" : " (Java API)"), summary);
    }
}
