// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bootstrap path over real DTLS on loopback: factory-fresh Leshan clients that know only their bootstrap
 * credentials get fresh DM credentials from Motehub's bootstrap server and register with them; refusals and
 * rotations are recorded in the device's {@code bootstrap} section.
 */
class BootstrapIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
        MotehubTestServer.Response r = motehub.get("/api/v1/devices/" + endpoint);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private String registeredIdentity(String endpoint) {
        Registration r = motehub.server().lwm2m().getRegistrationService().getByEndpoint(endpoint);
        return r == null ? null : ((PskIdentity) r.getClientTransportData().getIdentity()).getPskIdentity();
    }

    private TestDevice bootstrapped(String endpoint) throws Exception {
        byte[] key = motehub.createBootstrapDevice(endpoint);
        TestDevice d = motehub.bootstrappingDevice(endpoint, key).start();
        assertThat(d.awaitRegistered(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> device(endpoint).get("online").asBoolean());
        return d;
    }

    @Test
    void factory_fresh_device_bootstraps_then_registers_with_its_new_dm_key() throws Exception {
        try (TestDevice d = bootstrapped("bs-fresh")) {
            JsonNode device = device("bs-fresh");
            String identity = registeredIdentity("bs-fresh");
            assertThat(identity).matches("mh-[0-9a-f]{16}");
            assertThat(device.get("state").asText()).isEqualTo("ACTIVE");
            assertThat(device.get("credentials").get("identity").asText()).isEqualTo(identity);
            assertThat(device.get("bootstrapCredentials").get("identity").asText()).isEqualTo("bs-fresh-bs");
            JsonNode bootstrap = device.get("bootstrap");
            assertThat(bootstrap.get("attempts").asInt()).isEqualTo(1);
            assertThat(bootstrap.get("successes").asInt()).isEqualTo(1);
            assertThat(bootstrap.get("lastResult").asText()).isEqualTo("SUCCEEDED");
            assertThat(bootstrap.get("pendingIdentity").isNull()).isTrue();
            assertThat(d.bootstraps.get()).isEqualTo(1);
            SecurityInfo dm = motehub.server().lwm2m().getSecurityStore().getByIdentity(identity);
            assertThat(dm.getPreSharedKey()).hasSize(16);
            assertThat(motehub.get("/api/v1/devices/bs-fresh").body()).doesNotContain("\"key\"");
        }
    }

    @Test
    void wrong_bootstrap_key_is_refused_at_the_handshake_and_recorded_with_the_reason() throws Exception {
        byte[] key = motehub.createBootstrapDevice("bs-wrong");
        key[3] ^= 0x5a;
        try (TestDevice d = motehub.bootstrappingDevice("bs-wrong", key).start()) {
            await().atMost(WAIT).until(() -> device("bs-wrong").get("bootstrap").get("failures").asInt() >= 1);
            JsonNode bootstrap = device("bs-wrong").get("bootstrap");
            assertThat(bootstrap.get("lastResult").asText()).isEqualTo("FAILED");
            assertThat(bootstrap.get("lastReason").asText()).contains("wrong bootstrap key");
            assertThat(bootstrap.get("successes").asInt()).isZero();
            assertThat(d.registrations.get()).isZero();
            assertThat(device("bs-wrong").get("credentials").isNull()).as("no DM credentials were issued").isTrue();
        }
    }

    @Test
    void suspended_device_is_refused_at_the_bootstrap_handshake() throws Exception {
        byte[] key = motehub.createBootstrapDevice("bs-susp");
        try (TestDevice first = motehub.bootstrappingDevice("bs-susp", key).start()) {
            assertThat(first.awaitRegistered(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> device("bs-susp").get("online").asBoolean());
            first.client.stop(true);
        }
        assertThat(motehub.patch("/api/v1/devices/bs-susp", "{\"state\":\"SUSPENDED\"}").status()).isEqualTo(200);

        try (TestDevice again = motehub.bootstrappingDevice("bs-susp", key).start()) {
            await().atMost(WAIT).until(() -> device("bs-susp").get("bootstrap").get("failures").asInt() >= 1);
            JsonNode bootstrap = device("bs-susp").get("bootstrap");
            assertThat(bootstrap.get("lastReason").asText()).isEqualTo("device is SUSPENDED");
            assertThat(bootstrap.get("successes").asInt()).isEqualTo(1);
            assertThat(again.bootstraps.get()).isZero();
            assertThat(again.registrations.get()).isZero();
        }
    }

    @Test
    void rotation_while_online_switches_the_device_to_a_new_identity_and_the_old_one_is_refused() throws Exception {
        try (TestDevice d = bootstrapped("bs-rot")) {
            String oldIdentity = registeredIdentity("bs-rot");
            byte[] oldKey = motehub.server().lwm2m().getSecurityStore().getByIdentity(oldIdentity).getPreSharedKey();
            d.expectRegistration();

            MotehubTestServer.Response accepted = motehub.post("/api/v1/devices/bs-rot/credentials/rotate", "");

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.json().get("trigger").asText()).isEqualTo("COMMAND_QUEUED");
            assertThat(d.awaitRegistered(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> !device("bs-rot").get("bootstrap").get("rotation").get("completedAt")
                    .isNull());
            String newIdentity = registeredIdentity("bs-rot");
            assertThat(newIdentity).isNotEqualTo(oldIdentity).matches("mh-[0-9a-f]{16}");
            assertThat(d.bootstraps.get()).isEqualTo(2);
            assertThat(device("bs-rot").get("credentials").get("identity").asText()).isEqualTo(newIdentity);
            assertThat(motehub.server().lwm2m().getSecurityStore().getByIdentity(oldIdentity)).isNull();

            // a clone still holding the old credentials is refused at the DM server
            try (TestDevice clone = new TestDevice(motehub.coapsUri(), "bs-rot", oldIdentity, oldKey, 300)) {
                clone.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> clone.failures.get() >= 1);
                assertThat(clone.registrations.get()).isZero();
            }
        }
    }

    @Test
    void device_that_misses_the_rotation_gets_in_with_its_old_key_then_rotates() throws Exception {
        try (TestDevice d = bootstrapped("bs-miss")) {
            String oldIdentity = registeredIdentity("bs-miss");
            d.client.stop(true);
            await().atMost(WAIT).until(() -> !device("bs-miss").get("online").asBoolean());

            MotehubTestServer.Response rotation = motehub.post("/api/v1/devices/bs-miss/credentials/rotate", "");
            assertThat(rotation.status()).isEqualTo(202);
            String trigger = "/api/v1/devices/bs-miss/commands/" + rotation.json().get("commandId").asText();
            d.expectRegistration();
            d.client.start();

            // it comes back with the credentials it has: they still work, so the queued trigger reaches it
            assertThat(d.awaitRegistered(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> motehub.get(trigger).json().get("status").asText().equals("SUCCEEDED"));
            await().atMost(WAIT).until(() -> d.bootstraps.get() == 2 && !oldIdentity.equals(
                    registeredIdentity("bs-miss")) && registeredIdentity("bs-miss") != null);
            await().atMost(WAIT).until(() -> !device("bs-miss").get("bootstrap").get("rotation").get("completedAt")
                    .isNull());
            assertThat(device("bs-miss").get("online").asBoolean()).isTrue();
        }
    }
}
