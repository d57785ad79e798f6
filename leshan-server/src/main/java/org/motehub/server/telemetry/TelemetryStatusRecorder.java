// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.PathProblem;
import org.motehub.model.profile.TelemetryStatusStore;

/**
 * Keeps each device's {@link DeviceTelemetryStatus}: counts the payloads it sent that could not be used, and records
 * the profile paths it lacks or refused. Changes to one device are serialized by a striped lock, so concurrent
 * rejections are all counted.
 */
public class TelemetryStatusRecorder {

    private static final int STRIPES = 64;

    private final TelemetryStatusStore store;
    private final Clock clock;
    private final Object[] stripes = new Object[STRIPES];

    /**
     * @throws NullPointerException if an argument is null
     */
    public TelemetryStatusRecorder(TelemetryStatusStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** @return the device's status, empty (all zero) when nothing was recorded for it. */
    public DeviceTelemetryStatus get(String endpoint) {
        return store.find(endpoint).orElseGet(() -> DeviceTelemetryStatus.empty(endpoint));
    }

    /** Counts one payload of the device that could not be decoded or used. */
    public void rejected(String endpoint, String reason) {
        change(endpoint, s -> s.withRejection(clock.instant(), reason));
    }

    /**
     * Replaces the device's path problems with those found for a registration and profile version.
     *
     * @param profile the profile name, or null when the device has none
     */
    public void problems(String endpoint, String registrationId, String profile, long version,
            List<PathProblem> problems) {
        change(endpoint, s -> s.withProblems(registrationId, profile, version, problems));
    }

    /** Adds one path problem to those of the same registration and profile version. */
    public void problem(String endpoint, String registrationId, String profile, long version, PathProblem problem) {
        change(endpoint, s -> s.withProblem(registrationId, profile, version, problem));
    }

    private void change(String endpoint, UnaryOperator<DeviceTelemetryStatus> f) {
        synchronized (stripes[Math.floorMod(endpoint.hashCode(), STRIPES)]) {
            store.put(f.apply(get(endpoint)));
        }
    }
}
