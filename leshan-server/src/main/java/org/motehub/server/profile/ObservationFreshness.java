// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;

/**
 * Remembers, in memory, which observations this server process knows to be alive: those it set up itself and those
 * a notification came for since it started, with the time it last heard of each. An observation restored from disk
 * after a restart is unknown here until its device notifies: if its device's DTLS session died with the old
 * process, the device may have dropped it, so the profile observer sets it up again on the device's next update.
 * <p>
 * It also remembers which profile version a composite observation was set up for (a single observation carries
 * that in its context, which is stored with it).
 */
public class ObservationFreshness implements ObservationListener {

    /** The key of the observation context entry that names the profile version a single observation belongs to. */
    public static final String TAG_KEY = "motehub.profile";

    private final Clock clock;
    private final Map<ObservationIdentifier, Instant> heard = new ConcurrentHashMap<>();
    private final Map<ObservationIdentifier, String> compositeTags = new ConcurrentHashMap<>();

    /**
     * @throws NullPointerException if {@code clock} is null
     */
    public ObservationFreshness(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the tag of a profile version: {@code name#version}. */
    public static String tagOf(String profile, long version) {
        return profile + "#" + version;
    }

    /** Records an observation this process has just set up for the profile version {@code tag}. */
    public void established(Observation observation, String tag) {
        heard.put(observation.getId(), clock.instant());
        if (observation instanceof CompositeObservation) {
            compositeTags.put(observation.getId(), tag);
        }
    }

    /** @return when the observation was set up or last notified in this process, empty if never. */
    public Optional<Instant> lastHeard(Observation observation) {
        return Optional.ofNullable(heard.get(observation.getId()));
    }

    /** @return the profile version the observation was set up for, empty for one a profile did not make. */
    public Optional<String> tagOf(Observation observation) {
        if (observation instanceof SingleObservation) {
            return Optional.ofNullable(observation.getContext()).map(c -> c.get(TAG_KEY));
        }
        return Optional.ofNullable(compositeTags.get(observation.getId()));
    }

    /** Forgets observations that are gone (cancelled, or removed with their registration). */
    public void forget(Collection<Observation> observations) {
        if (observations != null) {
            observations.forEach(this::cancelled);
        }
    }

    /** @return how many observations are tracked, for tests and health. */
    public int size() {
        return heard.size();
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        notified(observation, response.isSuccess());
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration,
            ObserveCompositeResponse response) {
        notified(observation, response.isSuccess());
    }

    private void notified(Observation observation, boolean success) {
        if (success) {
            heard.put(observation.getId(), clock.instant());
        } else {
            cancelled(observation); // an error notification ends the observation on the device
        }
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
        // a payload that could not be decoded still shows the device keeps the observation
        heard.put(observation.getId(), clock.instant());
    }

    @Override
    public void newObservation(Observation observation, Registration registration) {
        // recorded by established(...) when a profile made it; others count once they notify
    }

    @Override
    public void cancelled(Observation observation) {
        heard.remove(observation.getId());
        compositeTags.remove(observation.getId());
    }
}
