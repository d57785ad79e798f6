// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;
import java.nio.file.Path;

import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.server.ServerKind;
import org.motehub.bench.stats.StatisticsLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before anything is measured, runs an unmeasured register storm of the whole fleet against every server, in the
 * run's order, and throws its figures away: the generator's JIT compiler must have compiled the DTLS client
 * handshake as every server answers it before the first measured storm.
 * <p>
 * Measured on 2026-12-06 with the generator's CPU split by thread: after a 1,000-device warm-up (or five of them), the
 * generator's C2 compiler still spent 0.27–0.30 ms per registration in the first measured 10,000-device storm,
 * compiling Scandium's {@code ClientHandshaker}, {@code Handshaker} and {@code DTLSConnector} methods, about 0.06
 * in the second server's and nothing afterwards. That cost the server measured first about a fifth of its storm rate
 * in the first pass and nothing in the reverse pass, so the reverse pass could not cancel it. A storm against one
 * server only is not enough either: the servers answer handshakes with different extensions, and code compiled for
 * one takes other branches for the other.
 */
public final class GeneratorWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorWarmUp.class);

    private GeneratorWarmUp() {
    }

    /**
     * Runs the warm-up storms when the plan measures the storm; a failed one is logged and the run goes on.
     *
     * @throws InterruptedException if interrupted
     */
    public static void run(BenchPlan plan, DeviceKeys keys, Path workDir) throws InterruptedException {
        if (!plan.has(ScenarioId.STORM)) {
            return;
        }
        long t0 = System.nanoTime();
        for (ServerKind kind : plan.servers()) {
            ServerRun run = new ServerRun(plan.stormOnly(), kind, keys, workDir.resolve("generator-warm-up"),
                    kind.label() + ", generator warm-up");
            try {
                run.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("The generator warm-up storm on {} failed; see [{}]", kind.label(), run.log(), e);
            }
        }
        StatisticsLog.LOG.info("Generator warm-up: one unmeasured storm per server in {} s; its figures are not "
                + "reported", (System.nanoTime() - t0) / 1_000_000_000);
    }
}
