// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;

import org.motehub.bench.device.DeviceFleet;
import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.report.ServerReport;
import org.motehub.bench.server.ServerProcess;

/**
 * Warms up both JVMs before anything is measured, so that neither server is judged on its JIT compiler (nor on the
 * generator's, which would otherwise penalise whichever server runs first): a separate small fleet (the devices
 * after the measured ones) registers, is observed, read and deregisters by the same paths as the scenarios. Its
 * figures go to a report that is thrown away; its statistics lines are labelled {@code warm-up}.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run(BenchPlan plan, RunContextFactory contexts, DeviceKeys keys, ServerProcess server)
            throws IOException, InterruptedException {
        if (plan.warmUpDevices() == 0) {
            return;
        }
        try (DeviceFleet fleet = DeviceFleet.start(keys, plan.devices(), plan.warmUpDevices(),
                plan.requestDeadline().toMillis())) {
            RunContext c = contexts.create(fleet, new ServerReport("warm-up"), server);
            try {
                RegisterStorm.run(c);
                ObserveSetup.run(c);
                ReadFanOut.run(c);
                Deregistration.run(c);
            } finally {
                c.closeClient();
            }
        }
    }

    /** Makes a context for the warm-up fleet. */
    interface RunContextFactory {
        RunContext create(DeviceFleet fleet, ServerReport report, ServerProcess server);
    }
}
