// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.motehub.bench.device.DeviceKeys;
import org.motehub.bench.report.Figure;
import org.motehub.bench.report.ServerReport;
import org.motehub.bench.server.ServerKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the register storm a second time on every server, in the reverse order, and reports the rate of both passes
 * with their geometric mean.
 *
 * <p>
 * The storm is short and the two servers share two cores with the generator, so which server goes first still
 * matters after the generator's heap was fixed: in 10,000-device storms, either server did 10 to 40 % better when
 * measured second with the JVM's default compilers, and better when measured first with C1 only. Running both
 * orders and taking the geometric mean of each server's two rates cancels that effect out of the ratio.
 */
public final class ReverseStormPass {

    /** Scenario name of the second pass's figures. */
    public static final String SECOND = RegisterStorm.TITLE + ", second pass, servers in reverse order";
    /** Scenario name of the figures of both passes. */
    public static final String BOTH = RegisterStorm.TITLE + ", both passes";
    private static final Logger LOG = LoggerFactory.getLogger(ReverseStormPass.class);
    private static final List<String> KEPT = List.of("rate (/s)", "latency median (ms)",
            "server CPU per registration (ms)", "generator CPU per registration (ms)");

    private ReverseStormPass() {
    }

    /**
     * Runs the second pass when there are two servers or more, adding its figures to {@code reports} (one per server
     * of {@code plan}, in its order). A server whose second pass fails gets no figures of it.
     *
     * @throws InterruptedException if interrupted
     */
    public static void run(BenchPlan plan, DeviceKeys keys, Path workDir, List<ServerReport> reports)
            throws InterruptedException {
        if (plan.servers().size() < 2) {
            return;
        }
        List<ServerKind> reversed = new ArrayList<>(plan.servers());
        Collections.reverse(reversed);
        for (ServerKind kind : reversed) {
            ServerReport first = reports.get(plan.servers().indexOf(kind));
            ServerRun run = new ServerRun(plan.stormOnly(), kind, keys, workDir.resolve("second-pass"));
            try {
                ServerReport second = run.run();
                addSecondPass(first, second);
            } catch (IOException | RuntimeException e) {
                LOG.error("The second storm pass on {} failed; see [{}]", kind.label(), run.log(), e);
            }
        }
    }

    /** Adds the figures of {@code second}, the same server's second pass, to {@code first}. */
    static void addSecondPass(ServerReport first, ServerReport second) {
        for (String name : KEPT) {
            find(second, name).ifPresent(v -> first.add(Figure.of(SECOND, name, v)));
        }
        Optional<Double> rate1 = find(first, "rate (/s)");
        Optional<Double> rate2 = find(second, "rate (/s)");
        if (rate1.isPresent() && rate2.isPresent()) {
            first.add(Figure.of(BOTH, "rate, geometric mean of the two passes (/s)",
                    Math.sqrt(rate1.get() * rate2.get())));
        }
    }

    private static Optional<Double> find(ServerReport report, String name) {
        return report.figures().stream()
                .filter(f -> f.scenario().equals(RegisterStorm.TITLE) && f.name().equals(name) && f.applicable())
                .map(Figure::value).findFirst();
    }
}
