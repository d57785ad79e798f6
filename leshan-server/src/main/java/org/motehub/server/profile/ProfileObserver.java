// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.PathProblem;
import org.motehub.model.profile.ProfileListener;
import org.motehub.model.profile.ProfileService;
import org.motehub.server.telemetry.TelemetryCollector;
import org.motehub.server.telemetry.TelemetryStatusRecorder;
import org.motehub.server.dispatch.PerDeviceRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every device's observations match its profile. It looks again whenever that could have changed: the
 * device registers (a new registration starts without observations), updates its registration or wakes up (after a
 * server crash its DTLS session, and with it its observe relations, may be gone: observations not heard of since
 * this process started are set up again), its profile is assigned or replaced. Each look compares Leshan's
 * observations with the profile ({@link ObservationPlan}) and sends only what is missing ({@link ProfileSetup}).
 * <p>
 * Callbacks come on Leshan's protocol threads and on REST threads; they only schedule work. The work runs on the
 * {@code motehub-profile} threads, one run at a time per device (a trigger during a run asks for one more run).
 */
public class ProfileObserver implements RegistrationListener, PresenceListener, ProfileListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileObserver.class);

    private final LeshanServer server;
    private final DeviceService devices;
    private final ProfileService profiles;
    private final TelemetryStatusRecorder status;
    private final ProfileContentFormats formats;
    private final ObservationFreshness freshness;
    private final Clock clock;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, new NamedThreadFactory(
            "motehub-profile"));
    private final ProfileSetup setup;
    /** Looks at each device's observations, one device at a time. */
    private final PerDeviceRuns runs = new PerDeviceRuns("Profile observer", executor, this::run);

    /**
     * @param requestTimeout how long a device has to answer one request
     * @throws NullPointerException if an argument is null
     */
    public ProfileObserver(LeshanServer server, DeviceService devices, ProfileService profiles,
            TelemetryStatusRecorder status, TelemetryCollector collector, ProfileContentFormats formats,
            ObservationFreshness freshness, Clock clock, Duration requestTimeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.status = Objects.requireNonNull(status, "status");
        this.formats = Objects.requireNonNull(formats, "formats");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.setup = new ProfileSetup(server, collector, freshness, clock, requestTimeout.toMillis(), executor);
    }

    /** Stops setting up observations; what is set up stays. */
    public void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a look at the device's observations; runs soon, once per device at a time. */
    public void check(String endpoint) {
        runs.request(endpoint);
    }

    /**
     * Asks for a look unless there is clearly nothing to do: a device without a profile and without observations
     * has nothing to set up or cancel, and in a register storm most devices are such (a task and a read each, else).
     * A profile assigned later asks through {@link #deviceProfileChanged} regardless.
     */
    private void checkIfNeeded(Registration registration) {
        boolean hasProfile = devices.find(registration.getEndpoint()).map(d -> d.profile() != null).orElse(false);
        if (hasProfile || !server.getObservationService().getObservations(registration).isEmpty()) {
            check(registration.getEndpoint());
        }
    }

    private void finished(String endpoint) {
        runs.finished(endpoint);
    }

    private void run(String endpoint) {
        try {
            Registration reg = server.getRegistrationService().getByEndpoint(endpoint);
            Optional<Device> device = devices.find(endpoint);
            if (reg == null || device.isEmpty()
                    || reg.usesQueueMode() && !server.getPresenceService().isClientAwake(reg)) {
                finished(endpoint);
                return;
            }
            Optional<DeviceProfile> profile = Optional.ofNullable(device.get().profile()).flatMap(profiles::find);
            DeviceTelemetryStatus known = status.get(endpoint);
            ContentFormat composite = profile.map(p -> formats.forComposite(p, reg)).orElse(null);
            ObservationPlan plan = ObservationPlan.of(reg, profile, server.getObservationService().getObservations(
                    reg), freshness, known, composite != null, clock.instant());
            if (plan.isEmpty()) {
                finished(endpoint);
                return;
            }
            LOG.debug("Device [{}]: profile [{}] needs {} cancelled, {} skipped, {} observed, {} in a composite",
                    endpoint, plan.tag(), plan.cancel().size(), plan.skipped().size(), plan.single().size(),
                    plan.composite().size());
            ContentFormat single = profile.map(p -> formats.forSingle(p, reg)).orElse(null);
            setup.run(reg, plan, single, composite).whenComplete((outcome, error) -> {
                try {
                    if (outcome != null) {
                        record(reg, profile, known, outcome.problems());
                    }
                } finally {
                    finished(endpoint);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Looking at the observations of device [{}] failed", endpoint, e);
            finished(endpoint);
        }
    }

    /** Stores the problems found, added to those already known for this registration and profile version. */
    private void record(Registration reg, Optional<DeviceProfile> profile, DeviceTelemetryStatus known,
            List<PathProblem> found) {
        String name = profile.map(DeviceProfile::name).orElse(null);
        long version = profile.map(DeviceProfile::version).orElse(0L);
        boolean applies = known.problemsApplyTo(reg.getId(), name, version);
        if (found.isEmpty() && (applies || known.pathProblems().isEmpty())) {
            return;
        }
        List<PathProblem> all = new ArrayList<>(applies ? known.pathProblems() : List.of());
        all.addAll(found);
        status.problems(reg.getEndpoint(), reg.getId(), name, version, all);
        if (!found.isEmpty()) {
            LOG.debug("Device [{}] lacks or refused profile paths {}", reg.getEndpoint(),
                    found.stream().map(PathProblem::path).toList());
        }
    }

    @Override
    public void registered(Registration registration, Registration previousReg,
            Collection<Observation> previousObservations) {
        freshness.forget(previousObservations);
        checkIfNeeded(registration);
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
        checkIfNeeded(updatedReg);
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
            Registration newReg) {
        freshness.forget(observations);
    }

    @Override
    public void onAwake(Registration registration) {
        checkIfNeeded(registration);
    }

    @Override
    public void onSleeping(Registration registration) {
        // requests wait for the next wake-up
    }

    @Override
    public void profileChanged(DeviceProfile profile) {
        for (Registration r : (Iterable<Registration>) () -> server.getRegistrationService().getAllRegistrations()) {
            if (devices.find(r.getEndpoint()).map(d -> profile.name().equals(d.profile())).orElse(false)) {
                check(r.getEndpoint());
            }
        }
    }

    @Override
    public void deviceProfileChanged(String endpoint, Optional<DeviceProfile> profile) {
        check(endpoint);
    }
}
