// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.PathProblem;
import org.motehub.model.testing.MutableClock;

/** What the profile observer decides for one device, given its observations and what is known of them. */
class ObservationPlanTest {

    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09Z");
    private static final Registration REG = new Registration.Builder("reg-1", "dev-1",
            new IpPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5684), new PskIdentity("id")),
            EndpointUriUtil.createUri("coaps://0.0.0.0:5684")).lwM2mVersion(LwM2mVersion.V1_1)
            .availableInstances(Set.of(new LwM2mPath(3, 0), new LwM2mPath(3303, 0))).build();

    private final MutableClock clock = MutableClock.at(T0);
    private final ObservationFreshness freshness = new ObservationFreshness(clock);
    private int tokens;

    private static DeviceProfile profile(long version, ObservedPath... paths) {
        return new DeviceProfile("thermo", null, List.of(paths), false, null, null, null, version, T0, T0);
    }

    private SingleObservation single(String path, String tag) {
        return new SingleObservation(new ObservationIdentifier(new byte[] { (byte) ++tokens }), "reg-1",
                new LwM2mPath(path), ContentFormat.SENML_CBOR, tag == null ? Map.of()
                        : Map.of(ObservationFreshness.TAG_KEY, tag), Map.of());
    }

    private CompositeObservation composite(String... paths) {
        List<LwM2mPath> list = new ArrayList<>();
        for (String p : paths) {
            list.add(new LwM2mPath(p));
        }
        return new CompositeObservation(new ObservationIdentifier(new byte[] { (byte) ++tokens }), "reg-1", list,
                ContentFormat.SENML_CBOR, ContentFormat.SENML_CBOR, Map.of(), Map.of());
    }

    private ObservationPlan plan(DeviceProfile p, List<Observation> existing, boolean composite) {
        return ObservationPlan.of(REG, Optional.ofNullable(p), existing, freshness, DeviceTelemetryStatus.empty(
                "dev-1"), composite, clock.instant());
    }

    private static List<String> paths(List<ObservedPath> paths) {
        return paths.stream().map(ObservedPath::path).toList();
    }

    @Test
    void a_device_without_observations_gets_every_profile_path() {
        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3303/0/5700"), ObservedPath.of("/3/0/9")), List.of(),
                false);

        assertThat(plan.tag()).isEqualTo("thermo#1");
        assertThat(paths(plan.single())).containsExactly("/3303/0/5700", "/3/0/9");
        assertThat(plan.cancel()).isEmpty();
        assertThat(plan.composite()).isEmpty();
    }

    @Test
    void live_observations_of_the_current_version_are_kept_and_nothing_is_sent() {
        SingleObservation temp = single("/3303/0/5700", "thermo#1");
        freshness.established(temp, "thermo#1");

        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3303/0/5700")), List.of(temp), false);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void observations_restored_from_disk_and_not_heard_of_since_are_cancelled_and_set_up_again() {
        SingleObservation restored = single("/3303/0/5700", "thermo#1");

        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3303/0/5700")), List.of(restored), false);

        assertThat(paths(plan.single())).containsExactly("/3303/0/5700");
        assertThat(plan.cancel()).containsExactly(restored);
    }

    @Test
    void an_observation_of_a_profile_path_made_by_someone_else_is_replaced() {
        SingleObservation operators = single("/3303/0/5700", null);
        freshness.established(operators, "thermo#1");

        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3303/0/5700")), List.of(operators), false);

        assertThat(paths(plan.single())).containsExactly("/3303/0/5700");
        assertThat(plan.cancel()).containsExactly(operators);
    }

    @Test
    void a_notification_proves_a_restored_observation_alive() {
        SingleObservation restored = single("/3303/0/5700", "thermo#1");
        freshness.onResponse(restored, REG, org.eclipse.leshan.core.response.ObserveResponse.success(
                org.eclipse.leshan.core.node.LwM2mSingleResource.newFloatResource(5700, 1.0)));

        assertThat(plan(profile(1, ObservedPath.of("/3303/0/5700")), List.of(restored), false).isEmpty()).isTrue();
    }

    @Test
    void an_observation_silent_for_more_than_twice_its_pmax_is_stale() {
        SingleObservation temp = single("/3303/0/5700", "thermo#1");
        freshness.established(temp, "thermo#1");
        DeviceProfile p = profile(1, new ObservedPath("/3303/0/5700", null, 30L, null, null, null));

        clock.advance(Duration.ofSeconds(60).plus(ObservationPlan.PMAX_GRACE).minusSeconds(1));
        assertThat(plan(p, List.of(temp), false).isEmpty()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(paths(plan(p, List.of(temp), false).single())).containsExactly("/3303/0/5700");
        assertThat(plan(p, List.of(temp), false).cancel()).containsExactly(temp);
    }

    @Test
    void a_new_profile_version_sets_up_its_paths_again_and_cancels_dropped_ones() {
        SingleObservation kept = single("/3303/0/5700", "thermo#1");
        SingleObservation dropped = single("/3/0/9", "thermo#1");
        SingleObservation operators = single("/3/0/13", null);
        freshness.established(kept, "thermo#1");
        freshness.established(dropped, "thermo#1");
        freshness.established(operators, "thermo#1");

        ObservationPlan plan = plan(profile(2, ObservedPath.of("/3303/0/5700")), List.of(kept, dropped, operators),
                false);

        assertThat(paths(plan.single())).containsExactly("/3303/0/5700");
        assertThat(plan.cancel()).containsExactlyInAnyOrder(kept, dropped);
    }

    @Test
    void paths_outside_the_object_links_are_skipped_and_reported() {
        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3304/0/5700"), ObservedPath.of("/3303/1/5700"),
                ObservedPath.of("/3303/0/5700")), List.of(), false);

        assertThat(paths(plan.single())).containsExactly("/3303/0/5700");
        assertThat(plan.skipped()).extracting(PathProblem::path).containsExactly("/3304/0/5700", "/3303/1/5700");
        assertThat(plan.skipped()).allSatisfy(p -> assertThat(p.isMissing()).isTrue());
    }

    @Test
    void known_problems_of_this_registration_and_version_are_not_retried() {
        DeviceTelemetryStatus status = DeviceTelemetryStatus.empty("dev-1").withProblems("reg-1", "thermo", 1,
                List.of(new PathProblem("/3303/0/5701", "OBSERVE", "4.04", "gone", T0)));
        DeviceProfile p = profile(1, ObservedPath.of("/3303/0/5701"), ObservedPath.of("/3303/0/5700"));

        ObservationPlan same = ObservationPlan.of(REG, Optional.of(p), List.of(), freshness, status, false, T0);
        ObservationPlan nextVersion = ObservationPlan.of(REG, Optional.of(profile(2, p.observe().toArray(
                ObservedPath[]::new))), List.of(), freshness, status, false, T0);
        ObservationPlan otherRegistration = ObservationPlan.of(REG, Optional.of(p), List.of(), freshness,
                status.withProblems("reg-0", "thermo", 1, status.pathProblems()), false, T0);

        assertThat(paths(same.single())).containsExactly("/3303/0/5700");
        assertThat(paths(nextVersion.single())).containsExactly("/3303/0/5701", "/3303/0/5700");
        assertThat(paths(otherRegistration.single())).containsExactly("/3303/0/5701", "/3303/0/5700");
    }

    @Test
    void composite_mode_observes_all_paths_at_once_and_cancels_profile_singles() {
        SingleObservation old = single("/3303/0/5700", "thermo#1");
        SingleObservation operators = single("/3/0/13", null);
        freshness.established(old, "thermo#1");

        ObservationPlan plan = plan(profile(1, ObservedPath.of("/3303/0/5700"), ObservedPath.of("/3/0/9")),
                List.of(old, operators), true);

        assertThat(paths(plan.composite())).containsExactly("/3303/0/5700", "/3/0/9");
        assertThat(plan.single()).isEmpty();
        assertThat(plan.cancel()).containsExactly(old);
    }

    @Test
    void a_live_composite_of_the_same_paths_and_version_is_kept_others_are_cancelled() {
        CompositeObservation live = composite("/3303/0/5700", "/3/0/9");
        CompositeObservation older = composite("/3303/0/5700");
        freshness.established(live, "thermo#1");
        freshness.established(older, "thermo#1");
        DeviceProfile p = profile(1, ObservedPath.of("/3303/0/5700"), ObservedPath.of("/3/0/9"));

        ObservationPlan plan = plan(p, List.of(older, live), true);
        ObservationPlan single = plan(p, List.of(older, live), false);

        assertThat(plan.composite()).isEmpty();
        assertThat(plan.cancel()).containsExactly(older);
        assertThat(single.cancel()).containsExactlyInAnyOrder(older, live);
        assertThat(paths(single.single())).containsExactly("/3303/0/5700", "/3/0/9");
    }

    @Test
    void without_a_profile_only_profile_made_observations_are_cancelled() {
        SingleObservation profiled = single("/3303/0/5700", "thermo#3");
        SingleObservation operators = single("/3/0/13", null);
        CompositeObservation composite = composite("/3/0/9");

        ObservationPlan plan = plan(null, List.of(profiled, operators, composite), false);

        assertThat(plan.tag()).isNull();
        assertThat(plan.cancel()).containsExactlyInAnyOrder(profiled, composite);
        assertThat(plan.single()).isEmpty();
    }

    @Test
    void a_lifetime_other_than_the_profile_one_is_written_to_the_only_server_instance() {
        DeviceProfile p = new DeviceProfile("thermo", null, List.of(), false, null, null, 120L, 1, T0, T0);
        Registration withServer = new Registration.Builder(REG).availableInstances(Set.of(new LwM2mPath(1, 0),
                new LwM2mPath(3, 0))).lifeTimeInSec(300L).build();
        DeviceTelemetryStatus refused = DeviceTelemetryStatus.empty("dev-1").withProblems("reg-1", "thermo", 1,
                List.of(new PathProblem("/1/0/1", "WRITE", "4.05", "no", T0)));

        ObservationPlan plan = ObservationPlan.of(withServer, Optional.of(p), List.of(), freshness,
                DeviceTelemetryStatus.empty("dev-1"), false, T0);
        ObservationPlan same = ObservationPlan.of(new Registration.Builder(withServer).lifeTimeInSec(120L).build(),
                Optional.of(p), List.of(), freshness, DeviceTelemetryStatus.empty("dev-1"), false, T0);
        ObservationPlan notAgain = ObservationPlan.of(withServer, Optional.of(p), List.of(), freshness, refused,
                false, T0);
        ObservationPlan noServer = ObservationPlan.of(REG, Optional.of(p), List.of(), freshness,
                DeviceTelemetryStatus.empty("dev-1"), false, T0);

        assertThat(plan.lifetime()).isEqualTo(new ObservationPlan.LifetimeWrite("/1/0/1", 120));
        assertThat(same.isEmpty()).isTrue();
        assertThat(notAgain.isEmpty()).isTrue();
        assertThat(noServer.lifetime()).isNull();
        assertThat(noServer.skipped()).extracting(PathProblem::path).containsExactly("/1");
    }

    @Test
    void forgotten_observations_are_no_longer_alive() {
        SingleObservation temp = single("/3303/0/5700", "thermo#1");
        freshness.established(temp, "thermo#1");

        freshness.forget(List.of(temp));

        assertThat(freshness.lastHeard(temp)).isEmpty();
        assertThat(freshness.size()).isZero();
    }
}
