// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.time.Instant;
import java.util.List;

/**
 * The telemetry section of a device as the API shows it.
 *
 * @param observedPaths the paths the server observes on the device now (from any observation, profile or command)
 * @param missingPaths profile paths the device does not have (not in its object links, or it answered 4.04)
 * @param failedPaths other profile paths it refused, with its answer
 * @param rejectedPayloads how many notifications or Send requests could not be decoded or used
 * @param lastRejectedAt when the last rejected one came, or null
 * @param lastRejection why it was rejected, or null
 */
public record TelemetryReport(List<String> observedPaths, List<String> missingPaths, List<PathProblem> failedPaths,
        long rejectedPayloads, Instant lastRejectedAt, String lastRejection) {

    public TelemetryReport {
        observedPaths = List.copyOf(observedPaths);
        missingPaths = List.copyOf(missingPaths);
        failedPaths = List.copyOf(failedPaths);
    }
}
