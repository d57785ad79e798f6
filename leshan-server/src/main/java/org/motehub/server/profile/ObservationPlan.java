// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.PathProblem;

/**
 * What to do on one device so that its observations match its profile: which observations to cancel, which paths to
 * skip, which to observe one by one or in one Observe-Composite. An observation is kept only when it was set up for
 * the current profile version and is known to be alive (see {@link ObservationFreshness}); a path whose observation
 * is missing, stale or from an older profile version is observed again. An observation being replaced is cancelled
 * first, on the device too: a device that still holds it would otherwise keep two relations on one path, and a
 * client like Leshan's drops the state of both when the server refuses the old one's next notification. So
 * observations never pile up, on either side. Paths found missing or refused for this registration and profile
 * version are not tried again. Computed without side effects.
 *
 * @param tag the profile version tag, null when the device has no profile
 * @param cancel observations to cancel, on the device and in Leshan's store, before anything is observed
 * @param skipped paths newly found absent from the device's object links
 * @param single paths to observe one by one, each after writing its attributes
 * @param composite paths to observe with one Observe-Composite, each after writing its attributes; empty for none
 * @param lifetime the profile's lifetime to write to the device's Server object, null when the registration already
 *        has it (or the profile sets none)
 */
public record ObservationPlan(String tag, List<Observation> cancel, List<PathProblem> skipped,
        List<ObservedPath> single, List<ObservedPath> composite, LifetimeWrite lifetime) {

    /**
     * A registration lifetime to write.
     *
     * @param path the lifetime resource of the device's Server object, e.g. {@code /1/0/1}
     * @param seconds the lifetime
     */
    public record LifetimeWrite(String path, long seconds) {
    }

    /** How much later than twice its {@code pmax} a notification may come before the observation counts as dead. */
    static final Duration PMAX_GRACE = Duration.ofSeconds(60);

    /** @return whether nothing needs doing. */
    public boolean isEmpty() {
        return cancel.isEmpty() && skipped.isEmpty() && single.isEmpty() && composite.isEmpty() && lifetime == null;
    }

    /**
     * @param registration the device's current registration
     * @param profile its profile, empty when it has none
     * @param existing the observations Leshan holds for the registration
     * @param freshness what this process knows of them
     * @param status the device's telemetry status (known path problems)
     * @param useComposite whether the profile's paths go in one Observe-Composite on this device
     * @param now the current time
     */
    public static ObservationPlan of(Registration registration, Optional<DeviceProfile> profile,
            Collection<Observation> existing, ObservationFreshness freshness, DeviceTelemetryStatus status,
            boolean useComposite, Instant now) {
        List<Observation> cancel = new ArrayList<>();
        if (profile.isEmpty()) {
            for (Observation o : existing) {
                if (freshness.tagOf(o).isPresent() || o instanceof CompositeObservation) {
                    cancel.add(o);
                }
            }
            return new ObservationPlan(null, cancel, List.of(), List.of(), List.of(), null);
        }
        DeviceProfile p = profile.get();
        String tag = ObservationFreshness.tagOf(p.name(), p.version());
        Set<String> known = new HashSet<>();
        if (status.problemsApplyTo(registration.getId(), p.name(), p.version())) {
            status.pathProblems().forEach(problem -> known.add(problem.path()));
        }
        List<PathProblem> skipped = new ArrayList<>();
        List<ObservedPath> wanted = new ArrayList<>();
        for (ObservedPath o : p.observe()) {
            if (known.contains(o.path())) {
                continue;
            }
            LwM2mPath path = new LwM2mPath(o.path());
            if (!registration.getAvailableInstances().contains(path.toObjectInstancePath())) {
                skipped.add(new PathProblem(o.path(), null, null, "not in the device's object links", now));
            } else {
                wanted.add(o);
            }
        }
        Set<String> wantedPaths = new HashSet<>(wanted.stream().map(ObservedPath::path).toList());
        List<ObservedPath> single = new ArrayList<>();
        List<ObservedPath> composite = new ArrayList<>();
        if (useComposite) {
            boolean alive = false;
            for (Observation o : existing) {
                if (o instanceof CompositeObservation c) {
                    boolean same = pathsOf(c).equals(wanted.stream().map(ObservedPath::path).toList());
                    if (!alive && same && !wanted.isEmpty() && fresh(o, tag, wanted, freshness, now)) {
                        alive = true;
                    } else {
                        cancel.add(o);
                    }
                } else if (freshness.tagOf(o).isPresent()) {
                    cancel.add(o);
                }
            }
            if (!alive) {
                composite.addAll(wanted);
            }
        } else {
            Set<String> alive = new HashSet<>();
            for (Observation o : existing) {
                if (o instanceof CompositeObservation) {
                    cancel.add(o);
                } else if (o instanceof SingleObservation s) {
                    String path = s.getPath().toString();
                    boolean tagged = freshness.tagOf(o).isPresent();
                    if (wantedPaths.contains(path) && !alive.contains(path) && fresh(o, tag, wanted, freshness, now)) {
                        alive.add(path);
                    } else if (tagged || wantedPaths.contains(path)) {
                        cancel.add(o);
                    }
                }
            }
            wanted.stream().filter(o -> !alive.contains(o.path())).forEach(single::add);
        }
        LifetimeWrite lifetime = lifetimeWrite(registration, p, known, skipped, now);
        return new ObservationPlan(tag, cancel, skipped, single, composite, lifetime);
    }

    /**
     * @return the lifetime resource to write when the device registered with another lifetime than the profile's:
     *         that of its only Server object instance (with several, which one is Motehub's cannot be told: a
     *         problem is reported instead)
     */
    private static LifetimeWrite lifetimeWrite(Registration registration, DeviceProfile p, Set<String> known,
            List<PathProblem> skipped, Instant now) {
        if (p.lifetimeSeconds() == null || p.lifetimeSeconds().equals(registration.getLifeTimeInSec())) {
            return null;
        }
        List<LwM2mPath> servers = registration.getAvailableInstances().stream().filter(i -> i.getObjectId() == 1)
                .toList();
        if (servers.size() != 1) {
            if (!known.contains("/1")) {
                skipped.add(new PathProblem("/1", "WRITE", null, "the lifetime cannot be set: the device has "
                        + servers.size() + " Server object instances", now));
            }
            return null;
        }
        String path = servers.get(0).append(1).toString();
        return known.contains(path) ? null : new LifetimeWrite(path, p.lifetimeSeconds());
    }

    private static List<String> pathsOf(CompositeObservation c) {
        return c.getPaths().stream().map(LwM2mPath::toString).toList();
    }

    /** @return whether the observation belongs to {@code tag} and was heard of recently enough for its pmax. */
    private static boolean fresh(Observation o, String tag, List<ObservedPath> wanted, ObservationFreshness freshness,
            Instant now) {
        if (!freshness.tagOf(o).map(tag::equals).orElse(false)) {
            return false;
        }
        Optional<Instant> heard = freshness.lastHeard(o);
        if (heard.isEmpty()) {
            return false;
        }
        long pmax = 0;
        for (ObservedPath p : wanted) {
            boolean covered = o instanceof CompositeObservation
                    || o instanceof SingleObservation s && s.getPath().toString().equals(p.path());
            if (covered && p.pmax() != null) {
                pmax = Math.max(pmax, p.pmax());
            }
        }
        return pmax == 0 || heard.get().plus(Duration.ofSeconds(2 * pmax)).plus(PMAX_GRACE).isAfter(now);
    }
}
