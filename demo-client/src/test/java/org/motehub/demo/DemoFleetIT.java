// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registration lifecycle of a {@link DemoFleet} against a real in-process Leshan server.
 */
@Timeout(60)
class DemoFleetIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] SEED = "motehub-demo-seed".getBytes(StandardCharsets.UTF_8);

    private TestLwM2mServer server;
    private DemoFleet fleet;

    @BeforeEach
    void startServer() {
        server = TestLwM2mServer.start();
    }

    @AfterEach
    void stopAll() {
        if (fleet != null) {
            fleet.close();
        }
        server.close();
    }

    @Test
    void fleet_of_three_registers_over_dtls_psk() throws InterruptedException {
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(3).pskSeed(SEED).build();
        server.addPsks(fleet);

        fleet.start();

        assertThat(fleet.awaitRegistered(WAIT)).isTrue();
        assertThat(fleet.registeredCount()).isEqualTo(3);
        assertThat(fleet.endpoints()).containsExactly("demo-0001", "demo-0002", "demo-0003");
        for (String endpoint : fleet.endpoints()) {
            assertThat(server.awaitRegistration(endpoint, WAIT)).isTrue();
            Registration registration = server.registration(endpoint).orElseThrow();
            assertThat(registration.getClientTransportData().getIdentity().toString()).contains(endpoint);
            assertThat(registration.getLifeTimeInSec()).isEqualTo(300);
            // the Security object (0) is never announced
            assertThat(registration.getSupportedObject()).containsOnlyKeys(1, 3, 5, 3303, 3304);
            assertThat(registration.usesQueueMode()).isFalse();
        }
    }

    @Test
    void device_with_wrong_key_is_refused() throws InterruptedException {
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(1).endpointPrefix("bad-")
                .pskKey(new byte[] { 1, 2, 3, 4 }).build();
        server.addPsk("bad-0001", "bad-0001", new byte[] { 9, 9, 9, 9 });

        fleet.start();

        assertThat(fleet.awaitRegistered(Duration.ofSeconds(2))).isFalse();
        assertThat(server.awaitRegistration("bad-0001", Duration.ofMillis(500))).isFalse();
        assertThat(server.registration("bad-0001")).isEmpty();
        assertThat(fleet.registeredCount()).isZero();
    }

    @Test
    void stop_with_deregister_deregisters_all_devices() throws InterruptedException {
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(3).pskKey(new byte[] { 1, 2, 3, 4 })
                .build();
        server.addPsks(fleet);
        fleet.start();
        assertThat(fleet.awaitRegistered(WAIT)).isTrue();

        fleet.stop(true);

        for (String endpoint : fleet.endpoints()) {
            assertThat(server.awaitDeregistration(endpoint, WAIT)).as(endpoint).isTrue();
            assertThat(server.registration(endpoint)).as(endpoint).isEmpty();
        }
        assertThat(fleet.registeredCount()).isZero();
    }

    @Test
    void plain_coap_fleet_in_queue_mode_registers_without_security() throws InterruptedException {
        fleet = DemoFleet.builder().serverUri(server.coapUri()).devices(2).endpointPrefix("plain-").startIndex(41)
                .lifetime(Duration.ofSeconds(600)).queueMode(true).build();

        fleet.start();

        assertThat(fleet.awaitRegistered(WAIT)).isTrue();
        Registration registration = server.registration("plain-0042").orElseThrow();
        assertThat(registration.usesQueueMode()).isTrue();
        assertThat(registration.getLifeTimeInSec()).isEqualTo(600);
    }

    @Test
    void reboot_deregisters_and_registers_again() throws InterruptedException {
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(1).pskSeed(SEED).build();
        server.addPsks(fleet);
        fleet.start();
        assertThat(server.awaitRegistration("demo-0001", WAIT)).isTrue();
        String firstId = server.registration("demo-0001").orElseThrow().getId();

        ExecuteResponse response = server.send("demo-0001", new ExecuteRequest(3, 0, 4));

        assertThat(response.isSuccess()).isTrue();
        assertThat(server.awaitDeregistration("demo-0001", WAIT)).isTrue();
        await().atMost(WAIT).until(() -> server.registration("demo-0001").map(Registration::getId)
                .filter(id -> !id.equals(firstId)).isPresent());
        assertThat(fleet.awaitRegistered(WAIT)).isTrue();
    }

    @Test
    void close_leaves_no_threads_behind() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(3).pskSeed(SEED)
                .sensorPeriod(Duration.ofMillis(50)).build();
        server.addPsks(fleet);
        fleet.start();
        assertThat(fleet.awaitRegistered(WAIT)).isTrue();
        assertThat(newThreads(before)).isNotEmpty();

        fleet.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    }

    @Test
    void fleet_uses_one_receiver_thread_per_device_plus_shared_pools() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(20).pskSeed(SEED)
                .sensorPeriod(Duration.ofMillis(50)).build();
        server.addPsks(fleet);
        fleet.start();
        assertThat(fleet.awaitRegistered(WAIT)).isTrue();

        Set<String> names = newThreads(before);
        // 20 DTLS receivers + the three shared pools (at most 16 + cores + 2 threads), nothing else per device
        assertThat(names.stream().filter(name -> name.startsWith("DTLS-Receiver"))).hasSize(20);
        assertThat(names.stream().filter(name -> !name.startsWith("DTLS-Receiver"))).allMatch(
                name -> name.startsWith("demo-fleet-"), "only shared demo-fleet-* pools besides the receivers");
    }

    /** Live threads that were not there before, ignoring the test tooling's own. */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream() //
                .filter(thread -> thread.isAlive() && !before.contains(thread)) //
                .map(Thread::getName) //
                .filter(name -> !name.startsWith("awaitility") && !name.startsWith("ForkJoinPool")) //
                .collect(Collectors.toSet());
    }
}
