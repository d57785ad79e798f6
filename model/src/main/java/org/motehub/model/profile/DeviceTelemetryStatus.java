// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What Motehub knows about collecting one device's telemetry: the profile paths it could not set up (for the
 * registration and profile version they were found with) and the payloads it sent that could not be used.
 *
 * @param endpoint the device
 * @param registrationId the registration the path problems were found in, or null when there are none
 * @param profile the profile the path problems belong to, or null
 * @param profileVersion the version of that profile
 * @param pathProblems profile paths skipped until the device registers again or the profile changes
 * @param rejectedPayloads how many notifications or Send requests could not be decoded or used, ever
 * @param lastRejectedAt when the last one came, or null
 * @param lastRejection why the last one was rejected, or null
 */
public record DeviceTelemetryStatus(String endpoint, String registrationId, String profile, long profileVersion,
        List<PathProblem> pathProblems, long rejectedPayloads, Instant lastRejectedAt, String lastRejection) {

    /**
     * @throws NullPointerException if {@code endpoint} is null
     */
    public DeviceTelemetryStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        pathProblems = pathProblems == null ? List.of() : List.copyOf(pathProblems);
    }

    /** @return the status of a device nothing is known about yet. */
    public static DeviceTelemetryStatus empty(String endpoint) {
        return new DeviceTelemetryStatus(endpoint, null, null, 0, List.of(), 0, null, null);
    }

    /** @return whether the path problems were found for this registration and this profile version. */
    public boolean problemsApplyTo(String regId, String profileName, long version) {
        return Objects.equals(registrationId, regId) && Objects.equals(profile, profileName)
                && profileVersion == version;
    }

    /** @return this status with one more rejected payload. */
    public DeviceTelemetryStatus withRejection(Instant at, String reason) {
        return new DeviceTelemetryStatus(endpoint, registrationId, profile, profileVersion, pathProblems,
                rejectedPayloads + 1, at, reason);
    }

    /** @return this status with the path problems replaced by those found for a registration and profile version. */
    public DeviceTelemetryStatus withProblems(String regId, String profileName, long version,
            List<PathProblem> problems) {
        return new DeviceTelemetryStatus(endpoint, regId, profileName, version, problems, rejectedPayloads,
                lastRejectedAt, lastRejection);
    }

    /** @return this status with {@code problem} added to the problems of the same registration and profile version. */
    public DeviceTelemetryStatus withProblem(String regId, String profileName, long version, PathProblem problem) {
        List<PathProblem> problems = new ArrayList<>(problemsApplyTo(regId, profileName, version) ? pathProblems
                : List.of());
        problems.removeIf(p -> p.path().equals(problem.path()));
        problems.add(problem);
        return withProblems(regId, profileName, version, problems);
    }
}
