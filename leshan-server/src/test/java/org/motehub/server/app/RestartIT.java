// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A restart, clean or as after {@code kill -9}, keeps registrations, observations and queued commands: devices go on
 * with their next update instead of registering again.
 */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    MotehubTestServer motehub;

    @BeforeEach
    void start() {
        motehub = new MotehubTestServer(dir);
    }

    @AfterEach
    void stop() {
        motehub.close();
    }

    private JsonNode device(String endpoint) throws Exception {
        return motehub.get("/api/v1/devices/" + endpoint).json();
    }

    private TestDevice registered(String endpoint) throws Exception {
        byte[] key = motehub.createDevice(endpoint);
        TestDevice d = motehub.device(endpoint, key, 300).start();
        assertThat(d.awaitRegistered(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> device(endpoint).get("online").asBoolean());
        return d;
    }

    @Test
    void clean_restart_keeps_the_registration_and_the_dtls_session() throws Exception {
        try (TestDevice d = registered("rs-1")) {
            String registrationId = device("rs-1").at("/registration/id").asText();

            motehub.restart();
            assertThat(Files.exists(dir.resolve("dtls"))).isTrue();

            JsonNode after = device("rs-1");
            assertThat(after.get("online").asBoolean()).isTrue();
            assertThat(after.at("/registration/id").asText()).isEqualTo(registrationId);

            d.client.triggerRegistrationUpdate();
            await().atMost(WAIT).until(() -> d.updates.get() == 1);
            assertThat(d.registrations.get()).isEqualTo(1);
            assertThat(device("rs-1").at("/registration/id").asText()).isEqualTo(registrationId);
        }
    }

    @Test
    void crash_restart_keeps_the_registration_and_accepts_the_next_update() throws Exception {
        try (TestDevice d = registered("rs-2")) {
            String registrationId = device("rs-2").at("/registration/id").asText();

            motehub.crashAndRestart();

            assertThat(device("rs-2").at("/registration/id").asText()).isEqualTo(registrationId);
            // the DTLS session died with the process: the device re-handshakes, then its update is accepted
            d.client.triggerRegistrationUpdate();
            await().atMost(Duration.ofSeconds(40)).until(() -> d.updates.get() == 1);
            assertThat(d.registrations.get()).isEqualTo(1);
            assertThat(device("rs-2").at("/registration/id").asText()).isEqualTo(registrationId);
        }
    }

    @Test
    void observation_survives_a_restart_and_keeps_delivering_notifications() throws Exception {
        try (TestDevice d = registered("rs-3")) {
            JsonNode observe = motehub.post("/api/v1/devices/rs-3/commands?wait=10s",
                    "{\"type\":\"OBSERVE\",\"path\":\"/3303/0/5700\"}").json();
            assertThat(observe.get("status").asText()).isEqualTo("SUCCEEDED");

            motehub.restart();

            Registration registration = motehub.server().lwm2m().getRegistrationService().getByEndpoint("rs-3");
            assertThat(motehub.server().lwm2m().getObservationService().getObservations(registration))
                    .extracting(o -> ((SingleObservation) o).getPath().toString()).containsExactly("/3303/0/5700");

            CopyOnWriteArrayList<Double> received = new CopyOnWriteArrayList<>();
            motehub.server().lwm2m().getObservationService().addListener(new NotificationCollector(received));
            d.temperature.set(30.5);
            await().atMost(WAIT).until(() -> received.contains(30.5));
        }
    }

    @Test
    void queued_command_survives_a_crash_and_runs_when_the_device_comes() throws Exception {
        byte[] key = motehub.createDevice("rs-4");
        String id = motehub.post("/api/v1/devices/rs-4/commands", "{\"type\":\"READ\",\"path\":\"/3/0/2\"}").json()
                .get("id").asText();

        motehub.crashAndRestart();

        try (TestDevice d = motehub.device("rs-4", key, 300).start()) {
            assertThat(d.awaitRegistered(WAIT)).isTrue();
            JsonNode done = motehub.get("/api/v1/devices/rs-4/commands/" + id + "?wait=10s").json();
            assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.at("/result/value").asText()).isEqualTo("rs-4");
        }
    }

    /** Collects the numeric values of single-resource notifications. */
    private record NotificationCollector(CopyOnWriteArrayList<Double> values) implements ObservationListener {
        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (response.getContent() instanceof org.eclipse.leshan.core.node.LwM2mSingleResource r
                    && r.getValue() instanceof Double v) {
                values.add(v);
            }
        }

        @Override
        public void onResponse(org.eclipse.leshan.core.observation.CompositeObservation observation,
                Registration registration, org.eclipse.leshan.core.response.ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }

        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }
    }
}
