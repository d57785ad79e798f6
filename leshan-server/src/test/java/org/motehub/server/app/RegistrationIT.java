// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Devices register over real DTLS-PSK on loopback, and the registry follows them: the foundation's core path. */
class RegistrationIT {

    private static final Duration REGISTER = Duration.ofSeconds(15);

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

    @Test
    void device_created_through_rest_registers_over_dtls_psk_and_shows_online() throws Exception {
        byte[] key = motehub.createDevice("reg-1");
        assertThat(device("reg-1").get("state").asText()).isEqualTo("PROVISIONING");

        try (TestDevice d = motehub.device("reg-1", key, 300).start()) {
            assertThat(d.awaitRegistered(REGISTER)).isTrue();
            await().atMost(REGISTER).until(() -> device("reg-1").get("online").asBoolean());

            JsonNode device = device("reg-1");
            assertThat(device.get("state").asText()).isEqualTo("ACTIVE");
            assertThat(device.get("lastSeen").isNull()).isFalse();
            JsonNode registration = device.get("registration");
            assertThat(d.registrationId.get()).endsWith("/" + registration.get("id").asText());
            assertThat(registration.get("lifetimeSeconds").asLong()).isEqualTo(300);
            assertThat(registration.get("binding").asText()).isEqualTo("U");
            assertThat(registration.get("objectLinks").asText()).contains("</3303/0>");
            assertThat(registration.get("address").asText()).startsWith("127.0.0.1:");
            assertThat(motehub.get("/api/v1/devices/reg-1").body()).doesNotContain("\"key\"");
        }
    }

    @Test
    void update_and_deregistration_are_followed_by_the_registry() throws Exception {
        byte[] key = motehub.createDevice("reg-2");
        try (TestDevice d = motehub.device("reg-2", key, 300).start()) {
            assertThat(d.awaitRegistered(REGISTER)).isTrue();
            await().atMost(REGISTER).until(() -> device("reg-2").get("online").asBoolean());
            String seen = device("reg-2").get("lastSeen").asText();

            d.client.triggerRegistrationUpdate();
            await().atMost(REGISTER).until(() -> d.updates.get() == 1);
            await().atMost(REGISTER).until(() -> !device("reg-2").get("lastSeen").asText().equals(seen));

            d.client.stop(true);
            await().atMost(REGISTER).until(() -> !device("reg-2").get("online").asBoolean());
            assertThat(device("reg-2").get("registration").isNull()).isTrue();
        }
    }

    @Test
    void wrong_key_is_refused_at_the_handshake() throws Exception {
        byte[] key = motehub.createDevice("reg-3");
        key[5] ^= 0x55;
        try (TestDevice d = motehub.device("reg-3", key, 300).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> d.failures.get() >= 1);
            assertThat(d.registrations.get()).isZero();
            JsonNode device = device("reg-3");
            assertThat(device.get("online").asBoolean()).isFalse();
            assertThat(device.get("state").asText()).isEqualTo("PROVISIONING");
        }
    }

    @Test
    void endpoint_unknown_to_the_registry_is_refused_even_over_plain_coap() throws Exception {
        try (TestDevice d = new TestDevice(motehub.coapUri(), "stranger", "stranger", new byte[16], 300)) {
            d.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> d.failures.get() >= 1);
            assertThat(d.registrations.get()).isZero();
            assertThat(motehub.server().lwm2m().getRegistrationService().getByEndpoint("stranger")).isNull();
        }
    }

    @Test
    void suspended_device_is_kicked_and_refused_until_it_is_activated_again() throws Exception {
        byte[] key = motehub.createDevice("reg-4");
        try (TestDevice d = motehub.device("reg-4", key, 300).start()) {
            assertThat(d.awaitRegistered(REGISTER)).isTrue();
            await().atMost(REGISTER).until(() -> device("reg-4").get("online").asBoolean());

            assertThat(motehub.patch("/api/v1/devices/reg-4", "{\"state\":\"SUSPENDED\"}").status()).isEqualTo(200);
            JsonNode suspended = device("reg-4");
            assertThat(suspended.get("online").asBoolean()).isFalse();
            assertThat(suspended.get("registration").isNull()).isTrue();

            // the device notices on its next update, and its new handshake/registration is refused
            int failuresBefore = d.failures.get();
            d.client.triggerRegistrationUpdate();
            await().atMost(Duration.ofSeconds(60)).until(() -> d.failures.get() > failuresBefore);
            assertThat(device("reg-4").get("online").asBoolean()).isFalse();

            d.expectRegistration();
            assertThat(motehub.patch("/api/v1/devices/reg-4", "{\"state\":\"ACTIVE\"}").status()).isEqualTo(200);
            d.client.stop(false);
            d.client.start();
            assertThat(d.awaitRegistered(REGISTER)).isTrue();
            await().atMost(REGISTER).until(() -> device("reg-4").get("online").asBoolean());
        }
    }

    @Test
    void deleted_device_is_decommissioned_kicked_and_keeps_its_record() throws Exception {
        byte[] key = motehub.createDevice("reg-5");
        try (TestDevice d = motehub.device("reg-5", key, 300).start()) {
            assertThat(d.awaitRegistered(REGISTER)).isTrue();
            await().atMost(REGISTER).until(() -> device("reg-5").get("online").asBoolean());

            assertThat(motehub.delete("/api/v1/devices/reg-5").status()).isEqualTo(204);
            JsonNode gone = device("reg-5");
            assertThat(gone.get("state").asText()).isEqualTo("DECOMMISSIONED");
            assertThat(gone.get("online").asBoolean()).isFalse();
            assertThat(motehub.server().lwm2m().getSecurityStore().getByEndpoint("reg-5")).isNull();
        }
    }

    @Test
    void registration_that_outlives_its_lifetime_expires_and_marks_the_device_offline() throws Exception {
        byte[] key = motehub.createDevice("reg-6");
        BlockingQueue<String> events = motehub.events("?endpoint=reg-6");
        TestDevice d = motehub.device("reg-6", key, 2).start();
        assertThat(d.awaitRegistered(REGISTER)).isTrue();
        await().atMost(REGISTER).until(() -> device("reg-6").get("online").asBoolean());
        d.client.destroy(false); // gone without deregistering, as a device whose battery died

        await().atMost(Duration.ofSeconds(20)).until(() -> !device("reg-6").get("online").asBoolean());
        assertThat(device("reg-6").get("registration").isNull()).isTrue();
        // the same, as streamed: activated by its first registration, then expired (updates may come between)
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(
                "state {\"endpoint\":\"reg-6\",\"previous\":\"PROVISIONING\",\"state\":\"ACTIVE\"}");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith(
                "presence {\"endpoint\":\"reg-6\",\"change\":\"REGISTERED\",\"online\":true");
        String last;
        do {
            last = events.poll(10, TimeUnit.SECONDS);
            assertThat(last).as("next event").isNotNull();
        } while (last.contains("\"UPDATED\""));
        assertThat(last).startsWith("presence {\"endpoint\":\"reg-6\",\"change\":\"EXPIRED\",\"online\":false");
    }
}
