// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.util.Objects;
import java.util.Optional;

import org.motehub.bench.device.DeviceFleet;
import org.motehub.bench.report.Figure;
import org.motehub.bench.report.ServerReport;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.server.ServerCpu;
import org.motehub.bench.server.ServerKind;
import org.motehub.bench.server.ServerProcess;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.bench.stats.Summary;

/**
 * What the scenarios of one server share: the plan, the fleet, the server process (replaced when the cold start
 * restarts it), its REST client for Motehub, the notification pacer while it runs, and the report they fill.
 */
final class RunContext {

    final BenchPlan plan;
    final ServerKind kind;
    /** How the statistics lines name this run, e.g. {@code Motehub} or {@code Motehub warm-up}. */
    final String label;
    final DeviceFleet fleet;
    final ServerReport report;
    ServerProcess server;
    MotehubRestClient rest;
    NotificationPacer pacer;

    RunContext(BenchPlan plan, ServerKind kind, String label, DeviceFleet fleet, ServerReport report,
            ServerProcess server) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.label = Objects.requireNonNull(label, "label");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.report = Objects.requireNonNull(report, "report");
        useServer(server);
    }

    /** Makes {@code process} the server of the following scenarios. */
    void useServer(ServerProcess process) {
        if (rest != null) {
            rest.close();
        }
        this.server = process;
        this.rest = process.httpUri().map(MotehubRestClient::new).orElse(null);
    }

    /** Closes the REST client; the server process stays. */
    void closeClient() {
        if (rest != null) {
            rest.close();
            rest = null;
        }
    }

    /** @return the REST client when the server has an API (Motehub). */
    Optional<MotehubRestClient> rest() {
        return Optional.ofNullable(rest);
    }

    /** @return the benchmark process's own CPU time so far (the generator's), in total and by thread group. */
    static ServerCpu generatorCpu() {
        return ServerCpu.ofThisProcess();
    }

    /** Adds the count, rate, median and p99 figures of {@code summary} for {@code scenario}. */
    void addSummary(String scenario, String noun, Summary summary) {
        report.add(Figure.of(scenario, noun + " ok (failed)", Double.NaN,
                summary.count() + " (" + summary.failures() + ")"));
        report.add(Figure.of(scenario, "rate (/s)", summary.ratePerSecond()));
        report.add(Figure.of(scenario, "latency median (ms)", summary.medianMillis()));
        report.add(Figure.of(scenario, "latency p99 (ms)", summary.p99Millis()));
    }

    /** Logs {@code summary} on the statistics logger. */
    void logSummary(String scenario, Summary summary) {
        StatisticsLog.LOG.info("[{}] {}: {} ok, {} failed in {} ms = {}/s; latency median {} ms, p99 {} ms, max {} ms",
                label, scenario, summary.count(), summary.failures(), summary.elapsed().toMillis(),
                Figure.format(summary.ratePerSecond()), Figure.format(summary.medianMillis()),
                Figure.format(summary.p99Millis()), Figure.format(summary.maxNanos() / 1e6));
    }
}
