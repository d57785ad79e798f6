// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.ProfileInput;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Device profiles applied by the real server to real Leshan clients over DTLS: observations with their attributes on
 * registration, no duplicates on updates and re-registrations, composite observe, paths a device lacks, profile
 * changes, and observations set up again after a server restart.
 */
class ProfileIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String THERMO = "{\"name\":\"thermo\",\"observe\":["
            + "{\"path\":\"/3303/0/5700\",\"pmin\":1,\"pmax\":60,\"st\":0.5},"
            + "{\"path\":\"/3/0/9\",\"pmax\":120},{\"path\":\"/3/0/7\"}]}";
    private static final List<String> THERMO_PATHS = List.of("/3/0/7", "/3/0/9", "/3303/0/5700");

    @TempDir
    Path dir;
    MotehubTestServer motehub;
    private final List<SensorDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() {
        motehub = new MotehubTestServer(dir);
    }

    @AfterEach
    void stop() {
        devices.forEach(SensorDevice::close);
        motehub.close();
    }

    private void profile(String json) throws Exception {
        MotehubTestServer.Response r = motehub.post("/api/v1/profiles", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void assign(String endpoint, String profile) throws Exception {
        MotehubTestServer.Response r = motehub.patch("/api/v1/devices/" + endpoint, "{\"profile\":"
                + (profile == null ? "null" : "\"" + profile + "\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Creates the device, gives it {@code profile} (if not null) and starts it registered. */
    private SensorDevice device(String endpoint, String profile) throws Exception {
        byte[] key = motehub.createDevice(endpoint);
        if (profile != null) {
            assign(endpoint, profile);
        }
        SensorDevice d = new SensorDevice(motehub.coapsUri(), endpoint, endpoint + "-id", key, 300).start();
        devices.add(d);
        assertThat(d.awaitRegistered(WAIT)).isTrue();
        return d;
    }

    private Registration registration(String endpoint) {
        return motehub.server().lwm2m().getRegistrationService().getByEndpoint(endpoint);
    }

    private Set<Observation> observations(String endpoint) {
        Registration r = registration(endpoint);
        return r == null ? Set.of() : motehub.server().lwm2m().getObservationService().getObservations(r);
    }

    /** @return the observed paths, one entry per single observation, sorted. */
    private List<String> singlePaths(String endpoint) {
        return observations(endpoint).stream().filter(o -> o instanceof SingleObservation)
                .map(o -> ((SingleObservation) o).getPath().toString()).sorted().toList();
    }

    private Set<ObservationIdentifier> ids(String endpoint) {
        Set<ObservationIdentifier> ids = new java.util.HashSet<>();
        observations(endpoint).forEach(o -> ids.add(o.getId()));
        return ids;
    }

    private JsonNode telemetry(String endpoint) throws Exception {
        return motehub.get("/api/v1/devices/" + endpoint).json().path("telemetry");
    }

    private String discover(String endpoint, String path) throws Exception {
        DiscoverResponse r = motehub.server().lwm2m().send(registration(endpoint), new DiscoverRequest(path), 5_000);
        return new DefaultLinkSerializer().serializeCoreLinkFormat(r.getObjectLinks());
    }

    @Test
    void profile_applied_on_register_observes_its_paths_after_writing_their_attributes() throws Exception {
        profile(THERMO);

        device("pr-1", "thermo");

        await().atMost(WAIT).until(() -> singlePaths("pr-1").equals(THERMO_PATHS));
        assertThat(observations("pr-1")).allSatisfy(o -> assertThat(o.getContext())
                .containsEntry("motehub.profile", "thermo#1"));
        assertThat(discover("pr-1", "/3303/0/5700")).contains("pmin=1").contains("pmax=60").contains("st=0.5");
        assertThat(discover("pr-1", "/3/0/9")).contains("pmax=120").doesNotContain("pmin");
        await().atMost(WAIT).until(() -> motehub.ingest.values("pr-1", "/3/0/7/1").contains(5000L));
        assertThat(motehub.ingest.values("pr-1", "/3303/0/5700")).contains(21.5);
        assertThat(motehub.ingest.values("pr-1", "/3/0/9")).contains(87L);
        JsonNode telemetry = telemetry("pr-1");
        assertThat(telemetry.path("observedPaths")).extracting(JsonNode::asText).containsExactlyElementsOf(
                THERMO_PATHS);
        assertThat(telemetry.path("missingPaths")).isEmpty();
        assertThat(telemetry.path("rejectedPayloads").asLong()).isZero();
        assertThat(motehub.get("/api/v1/devices/pr-1").json().path("profile").asText()).isEqualTo("thermo");
    }

    @Test
    void updates_and_re_registrations_never_pile_up_observations() throws Exception {
        profile(THERMO);
        SensorDevice d = device("pr-2", "thermo");
        await().atMost(WAIT).until(() -> singlePaths("pr-2").equals(THERMO_PATHS));
        Set<ObservationIdentifier> first = ids("pr-2");

        d.client.triggerRegistrationUpdate();
        await().atMost(WAIT).until(() -> d.updates.get() == 1);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> ids("pr-2").equals(first));
        assertThat(d.observeRequests("/3303/0/5700")).isEqualTo(1);

        String firstRegistration = registration("pr-2").getId();
        d.reRegister();
        assertThat(d.awaitRegistered(WAIT)).isTrue();

        await().atMost(WAIT).until(() -> !registration("pr-2").getId().equals(firstRegistration)
                && singlePaths("pr-2").equals(THERMO_PATHS));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> singlePaths("pr-2").equals(THERMO_PATHS));
        assertThat(ids("pr-2")).doesNotContainAnyElementsOf(first);
        assertThat(d.observeRequests("/3303/0/5700")).isEqualTo(2);
    }

    @Test
    void composite_profile_observes_all_paths_with_one_observe_composite() throws Exception {
        profile("{\"name\":\"compo\",\"compositeObserve\":true,\"contentFormat\":\"SENML_CBOR\",\"observe\":["
                + "{\"path\":\"/3303/0/5700\",\"pmin\":1},{\"path\":\"/3/0/9\"}]}");
        SensorDevice d = device("pr-3", "compo");

        await().atMost(WAIT).until(() -> observations("pr-3").size() == 1);
        Observation o = observations("pr-3").iterator().next();
        assertThat(o).isInstanceOf(CompositeObservation.class);
        assertThat(((CompositeObservation) o).getPaths()).extracting(Object::toString)
                .containsExactly("/3303/0/5700", "/3/0/9");
        assertThat(discover("pr-3", "/3303/0/5700")).contains("pmin=1");

        d.temperature.set(25.25);

        await().atMost(WAIT).until(() -> motehub.ingest.values("pr-3", "/3303/0/5700").contains(25.25));
        assertThat(telemetry("pr-3").path("observedPaths")).extracting(JsonNode::asText)
                .containsExactly("/3/0/9", "/3303/0/5700");
    }

    @Test
    void paths_the_device_lacks_are_reported_and_not_retried_until_it_registers_again() throws Exception {
        profile("{\"name\":\"partial\",\"observe\":[{\"path\":\"/3303/0/5700\"},{\"path\":\"/3304/0/5700\"},"
                + "{\"path\":\"/3303/0/5601\"}]}");
        SensorDevice d = device("pr-4", "partial");

        await().atMost(WAIT).until(() -> telemetry("pr-4").path("missingPaths").size() == 2);
        JsonNode t = telemetry("pr-4");
        assertThat(t.path("missingPaths")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("/3304/0/5700", "/3303/0/5601");
        assertThat(singlePaths("pr-4")).containsExactly("/3303/0/5700");
        assertThat(d.observeRequests("/3304/0/5700")).isZero();
        assertThat(d.observeRequests("/3303/0/5601")).isEqualTo(1);

        d.client.triggerRegistrationUpdate();
        await().atMost(WAIT).until(() -> d.updates.get() == 1);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> d.observeRequests("/3303/0/5601") == 1);
        assertThat(telemetry("pr-4").path("missingPaths")).hasSize(2);

        d.reRegister();
        assertThat(d.awaitRegistered(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> d.observeRequests("/3303/0/5601") == 2);
        await().atMost(WAIT).until(() -> singlePaths("pr-4").equals(List.of("/3303/0/5700")));
    }

    @Test
    void attributes_a_device_refuses_are_reported_as_failed_paths_and_not_observed() throws Exception {
        profile("{\"name\":\"strict\",\"observe\":[{\"path\":\"/3303/0/5700\"},{\"path\":\"/3303/0/5701\","
                + "\"pmin\":20}]}");
        SensorDevice d = device("pr-5", null);
        // someone else left pmax=10 on the device: pmin=20 on top of it breaks pmin <= pmax, the device says 4.00
        WriteAttributesResponse seeded = motehub.server().lwm2m().send(registration("pr-5"),
                new WriteAttributesRequest("/3303/0/5701", new LwM2mAttributeSet(LwM2mAttributes.create(
                        LwM2mAttributes.MAXIMUM_PERIOD, 10L))), 5_000);
        assertThat(seeded.isSuccess()).isTrue();

        assign("pr-5", "strict");

        await().atMost(WAIT).until(() -> telemetry("pr-5").path("failedPaths").size() == 1);
        JsonNode failed = telemetry("pr-5").path("failedPaths").get(0);
        assertThat(failed.path("path").asText()).isEqualTo("/3303/0/5701");
        assertThat(failed.path("operation").asText()).isEqualTo("WRITE_ATTRIBUTES");
        assertThat(failed.path("code").asText()).isEqualTo("4.00");
        assertThat(failed.path("reason").asText()).contains("4.00");
        assertThat(telemetry("pr-5").path("missingPaths")).isEmpty();
        await().atMost(WAIT).until(() -> singlePaths("pr-5").equals(List.of("/3303/0/5700")));
        assertThat(d.observeRequests("/3303/0/5701")).isZero();
    }

    @Test
    void the_profile_lifetime_is_written_and_the_device_updates_with_it() throws Exception {
        profile("{\"name\":\"slow\",\"lifetimeSeconds\":120,\"observe\":[{\"path\":\"/3303/0/5700\"}]}");
        SensorDevice d = device("pr-9", "slow");

        await().atMost(WAIT).until(() -> registration("pr-9").getLifeTimeInSec() == 120L);
        await().atMost(WAIT).until(() -> singlePaths("pr-9").equals(List.of("/3303/0/5700")));
        assertThat(d.updates.get()).isPositive();
        assertThat(motehub.get("/api/v1/devices/pr-9").json().at("/registration/lifetimeSeconds").asLong())
                .isEqualTo(120);
        assertThat(telemetry("pr-9").path("failedPaths")).isEmpty();
    }

    @Test
    void assigning_replacing_and_removing_a_profile_follows_on_an_online_device() throws Exception {
        profile(THERMO);
        device("pr-6", null);
        assertThat(observations("pr-6")).isEmpty();

        assign("pr-6", "thermo");
        await().atMost(WAIT).until(() -> singlePaths("pr-6").equals(THERMO_PATHS));

        motehub.server().profiles().replace("thermo", new ProfileInput(null, null, List.of(ObservedPath.of(
                "/3303/0/5700"), ObservedPath.of("/3/0/13")), null, null, null, null), 1L);
        await().atMost(WAIT).until(() -> singlePaths("pr-6").equals(List.of("/3/0/13", "/3303/0/5700")));
        assertThat(observations("pr-6")).allSatisfy(o -> assertThat(o.getContext())
                .containsEntry("motehub.profile", "thermo#2"));

        motehub.post("/api/v1/devices/pr-6/commands?wait=10s", "{\"type\":\"OBSERVE\",\"path\":\"/3/0/9\"}");
        assign("pr-6", null);
        await().atMost(WAIT).until(() -> singlePaths("pr-6").equals(List.of("/3/0/9")));
        assertThat(motehub.get("/api/v1/devices/pr-6").json().path("profile").isNull()).isTrue();
    }

    @Test
    void after_a_crash_the_observations_are_set_up_again_on_the_next_update_and_notify() throws Exception {
        profile(THERMO);
        SensorDevice d = device("pr-7", "thermo");
        await().atMost(WAIT).until(() -> singlePaths("pr-7").equals(THERMO_PATHS));
        Set<ObservationIdentifier> before = ids("pr-7");

        motehub.crashAndRestart();

        assertThat(ids("pr-7")).as("restored from RocksDB").isEqualTo(before);
        d.client.triggerRegistrationUpdate();
        await().atMost(Duration.ofSeconds(40)).until(() -> d.updates.get() == 1);
        await().atMost(WAIT).until(() -> singlePaths("pr-7").equals(THERMO_PATHS)
                && ids("pr-7").stream().noneMatch(before::contains));
        assertThat(d.observeRequests("/3303/0/5700")).isEqualTo(2);

        d.temperature.set(33.5);
        d.power.battery(42);

        await().atMost(WAIT).until(() -> motehub.ingest.values("pr-7", "/3303/0/5700").contains(33.5)
                && motehub.ingest.values("pr-7", "/3/0/9").contains(42L));
        assertThat(singlePaths("pr-7")).isEqualTo(THERMO_PATHS);
    }

    @Test
    void after_a_crash_a_handshake_the_server_starts_keeps_the_observations_notifying() throws Exception {
        // the device started its session; after the crash the server contacts it first, so the server starts the
        // new handshake. Leshan ties observe relations to the session's cipher suite: the new session must get the
        // one the device's own handshake got, or the observations end without a word until the next update
        profile(THERMO);
        SensorDevice d = device("pr-10", "thermo");
        await().atMost(WAIT).until(() -> singlePaths("pr-10").equals(THERMO_PATHS));
        Set<ObservationIdentifier> before = ids("pr-10");

        motehub.crashAndRestart();
        JsonNode read = motehub.post("/api/v1/devices/pr-10/commands?wait=10s",
                "{\"type\":\"READ\",\"path\":\"/3/0/9\"}").json();
        assertThat(read.get("status").asText()).as(read.toString()).isEqualTo("SUCCEEDED");
        assertThat(d.cipherSuites()).as("cipher suites of the device's sessions").hasSize(1);

        d.temperature.set(33.5);
        await().atMost(WAIT).until(() -> motehub.ingest.values("pr-10", "/3303/0/5700").contains(33.5));
        assertThat(d.updates.get()).as("no update set the observations up again").isZero();
        assertThat(d.observeRequests("/3303/0/5700")).isEqualTo(1);
        assertThat(ids("pr-10")).isEqualTo(before);
    }

    @Test
    void after_a_clean_restart_observations_that_notified_are_kept_the_others_set_up_again() throws Exception {
        profile(THERMO);
        SensorDevice d = device("pr-8", "thermo");
        await().atMost(WAIT).until(() -> singlePaths("pr-8").equals(THERMO_PATHS));

        motehub.restart();
        d.temperature.set(19.0);
        await().atMost(WAIT).until(() -> motehub.ingest.values("pr-8", "/3303/0/5700").contains(19.0));
        ObservationIdentifier temperature = observations("pr-8").stream().filter(o -> ((SingleObservation) o)
                .getPath().toString().equals("/3303/0/5700")).findFirst().orElseThrow().getId();
        d.client.triggerRegistrationUpdate();
        await().atMost(WAIT).until(() -> d.updates.get() == 1);

        await().atMost(WAIT).until(() -> d.observeRequests("/3/0/9") == 2 && d.observeRequests("/3/0/7") == 2);
        assertThat(d.observeRequests("/3303/0/5700")).isEqualTo(1);
        assertThat(ids("pr-8")).contains(temperature);
        assertThat(singlePaths("pr-8")).isEqualTo(THERMO_PATHS);
    }
}
