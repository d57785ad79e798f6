// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.motehub.bench.server.ServerKind;

/**
 * What one benchmark run does, validated by the command line.
 *
 * @param devices fleet size
 * @param scenarios selected scenarios
 * @param servers servers to measure, in report order (the ratio column divides the first by the second)
 * @param steadyDuration how long the steady state is measured
 * @param notifyRate notifications per second from the whole fleet during steady state
 * @param lifetimeSeconds registration lifetime; devices update every 80 % of it
 * @param stormConcurrency registrations in flight at once during the storm
 * @param readConcurrency requests in flight at once during fan-outs (observe setup, reads)
 * @param warmUpDevices size of the unmeasured fleet that warms up both JVMs first, 0 for none
 * @param serverJvmOptions options of the server's JVM
 * @param firmwareDevices devices that pull the image at once in the firmware scenario (at most the fleet)
 * @param firmwareImageBytes size of that image
 */
public record BenchPlan(int devices, Set<ScenarioId> scenarios, List<ServerKind> servers, Duration steadyDuration,
        int notifyRate, int lifetimeSeconds, int stormConcurrency, int readConcurrency, int warmUpDevices,
        List<String> serverJvmOptions, int firmwareDevices, int firmwareImageBytes) {

    /**
     * @throws NullPointerException if a collection or duration is null
     */
    public BenchPlan {
        scenarios = Set.copyOf(Objects.requireNonNull(scenarios, "scenarios"));
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Objects.requireNonNull(steadyDuration, "steadyDuration");
        serverJvmOptions = List.copyOf(Objects.requireNonNull(serverJvmOptions, "serverJvmOptions"));
    }

    /** @return whether {@code id} was selected. */
    public boolean has(ScenarioId id) {
        return scenarios.contains(id);
    }

    /** @return every device the server must know: the measured fleet and the warm-up fleet after it. */
    public int provisionedDevices() {
        return devices + warmUpDevices;
    }

    /** @return how long a device waits for the answer to one of its requests. */
    public Duration requestDeadline() {
        return Duration.ofSeconds(30);
    }

    /** @return the longest a fan-out over the whole fleet may take. */
    public Duration fanOutDeadline() {
        return Duration.ofSeconds(30).plusMillis(devices * 20L);
    }

    /** @return this plan with the register storm alone, for a second pass of it. */
    public BenchPlan stormOnly() {
        return new BenchPlan(devices, Set.of(ScenarioId.STORM), servers, steadyDuration, notifyRate, lifetimeSeconds,
                stormConcurrency, readConcurrency, warmUpDevices, serverJvmOptions, firmwareDevices,
                firmwareImageBytes);
    }
}
