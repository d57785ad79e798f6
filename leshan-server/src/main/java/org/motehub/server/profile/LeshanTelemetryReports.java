// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.PathProblem;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.profile.TelemetryReport;
import org.motehub.model.profile.TelemetryReportLookup;
import org.motehub.server.telemetry.TelemetryStatusRecorder;

/**
 * The telemetry section of a device for the REST API: what Leshan observes on it now, the path problems of its
 * current profile version, and its rejected payloads.
 */
public class LeshanTelemetryReports implements TelemetryReportLookup {

    private final LeshanServer server;
    private final DeviceService devices;
    private final ProfileService profiles;
    private final TelemetryStatusRecorder status;

    /**
     * @throws NullPointerException if an argument is null
     */
    public LeshanTelemetryReports(LeshanServer server, DeviceService devices, ProfileService profiles,
            TelemetryStatusRecorder status) {
        this.server = Objects.requireNonNull(server, "server");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public Optional<TelemetryReport> find(String endpoint) {
        Optional<Device> device = devices.find(endpoint);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<LwM2mPath> observed = new TreeSet<>();
        Registration reg = server.getRegistrationService().getByEndpoint(endpoint);
        if (reg != null) {
            for (Observation o : server.getObservationService().getObservations(reg)) {
                if (o instanceof SingleObservation s) {
                    observed.add(s.getPath());
                } else if (o instanceof CompositeObservation c) {
                    observed.addAll(c.getPaths());
                }
            }
        }
        DeviceTelemetryStatus s = status.get(endpoint);
        Optional<DeviceProfile> profile = Optional.ofNullable(device.get().profile()).flatMap(profiles::find);
        List<PathProblem> problems = profile.filter(p -> p.name().equals(s.profile())
                && p.version() == s.profileVersion()).map(p -> s.pathProblems()).orElse(List.of());
        return Optional.of(new TelemetryReport(observed.stream().map(LwM2mPath::toString).toList(),
                problems.stream().filter(PathProblem::isMissing).map(PathProblem::path).toList(),
                problems.stream().filter(p -> !p.isMissing()).toList(), s.rejectedPayloads(), s.lastRejectedAt(),
                s.lastRejection()));
    }
}
