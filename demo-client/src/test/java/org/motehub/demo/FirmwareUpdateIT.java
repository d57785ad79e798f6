// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.motehub.demo.firmware.FirmwareKeys;
import org.motehub.demo.firmware.FirmwareUpdateObject;

/**
 * The demo Firmware Update object end to end: a real Leshan server drives a real Leshan client device (writes /5/0/1
 * or /5/0/0, observes /5/0/3 and /5/0/5, executes /5/0/2, reads /3/0/3 after the reboot); the device pulls images from
 * a real Californium/Scandium server by Block2 over DTLS with its own DM pre-shared key.
 */
@Timeout(90)
class FirmwareUpdateIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] KEY = "firmware-it-key!".getBytes(StandardCharsets.US_ASCII);
    private static final KeyPair SIGNER = FirmwareKeys.generate(FirmwareKeys.Algorithm.ED25519);
    private static final AtomicInteger DEVICES = new AtomicInteger();
    /** Fast timeouts: a block times out after 0.2 + 0.4 s (plus random factor), 3 retries 0.3 s apart. */
    private static final FirmwareDownloader.Settings FAST = new FirmwareDownloader.Settings(1024,
            Duration.ofMillis(200), 1, 3, Duration.ofMillis(300), FirmwareDownloader.Settings.DEFAULT_MAX_IMAGE_SIZE);

    private static TestLwM2mServer lwm2m;
    private static TestFirmwareServer images;
    private static DemoFirmwareImage good;

    private final List<TestFirmwareDevice> devices = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        lwm2m = TestLwM2mServer.start();
        images = new TestFirmwareServer();
        good = DemoFirmwareImage.builder().version("1.1.0").deviceType("demo-sensor").payloadSize(64 * 1024)
                .signingKey(SIGNER.getPrivate()).build();
        images.put("good", good.bytes());
        byte[] corrupted = good.bytes();
        corrupted[5000] ^= 0x10;
        images.put("corrupted", corrupted);
        images.put("other-signer", DemoFirmwareImage.builder().version("1.1.0").payloadSize(8 * 1024)
                .signingKey(FirmwareKeys.generate(FirmwareKeys.Algorithm.ED25519).getPrivate()).build().bytes());
        images.put("other-type", DemoFirmwareImage.builder().version("1.1.0").deviceType("other-sensor")
                .payloadSize(8 * 1024).signingKey(SIGNER.getPrivate()).build().bytes());
        images.put("not-an-image", new byte[3000]);
    }

    @AfterAll
    static void stopServers() {
        images.close();
        lwm2m.close();
    }

    @AfterEach
    void closeDevices() {
        devices.forEach(TestFirmwareDevice::close);
    }

    @Test
    void pull_over_coaps_verifies_updates_and_reboots_into_the_new_version() throws Exception {
        TestFirmwareDevice device = device(b -> b.updateDelay(Duration.ofMillis(200)));
        Registration before = lwm2m.registration(device.endpoint).orElseThrow();
        observeStateAndResult(device);
        int requestsBefore = images.blockRequests.size();

        assertThat(write(device, 1, images.coapsUri("good"))).isEqualTo(ResponseCode.CHANGED);

        awaitState(device, 2, 0);
        assertThat(images.blockRequests.subList(requestsBefore, images.blockRequests.size()))
                .as("every block asked for with early negotiation of 1024-byte blocks (szx 6)")
                .allSatisfy(request -> assertThat(request[0]).isEqualTo(6)).hasSize(good.size() / 1024 + 1);
        assertThat(lwm2m.send(device.endpoint, new ExecuteRequest(5, 0, 2)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(lwm2m.awaitDeregistration(device.endpoint, WAIT)).isTrue();
        Registration after = awaitNewRegistration(device, before);

        assertThat(after.getId()).isNotEqualTo(before.getId());
        assertThat(read(device, 3, 3)).isEqualTo("1.1.0");
        assertThat(read(device, 5, 7)).isEqualTo("1.1.0");
        assertThat(read(device, 5, 5)).isEqualTo(1L);
        assertThat(read(device, 5, 3)).isEqualTo(0L);
        assertThat(notifiedStates(before)).containsSubsequence(1L, 2L, 3L, 0L);
    }

    @Test
    void pull_over_plain_coap_works_too() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        write(device, 1, images.coapUri("good"));

        awaitState(device, 2, 0);
    }

    @Test
    void corrupted_image_reports_integrity_failure() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        write(device, 1, images.coapsUri("corrupted"));

        awaitState(device, 0, 5);
        assertThat(read(device, 3, 3)).isEqualTo("1.0.0");
    }

    @Test
    void image_signed_by_an_untrusted_key_reports_integrity_failure() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        write(device, 1, images.coapsUri("other-signer"));

        awaitState(device, 0, 5);
    }

    @Test
    void not_an_image_or_another_device_type_reports_unsupported_package() throws Exception {
        TestFirmwareDevice garbage = device(UnaryOperator.identity());
        TestFirmwareDevice otherType = device(UnaryOperator.identity());

        write(garbage, 1, images.coapsUri("not-an-image"));
        write(otherType, 1, images.coapsUri("other-type"));

        awaitState(garbage, 0, 6);
        awaitState(otherType, 0, 6);
    }

    @Test
    void bad_uris_report_invalid_uri_or_unsupported_protocol() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        assertThat(write(device, 1, "https://example.com/fw.bin")).isEqualTo(ResponseCode.CHANGED);
        awaitState(device, 0, 9);
        write(device, 1, "");
        write(device, 1, "coaps://");
        awaitState(device, 0, 7);
        write(device, 1, "");
        write(device, 1, images.coapsUri("missing"));
        awaitState(device, 0, 7);
    }

    @Test
    void server_that_stops_mid_transfer_gives_connection_lost() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());
        images.stopAtBlock(20);
        try {
            write(device, 1, images.coapsUri("good"));
            assertThat(images.awaitStopped(10)).isTrue();

            awaitState(device, 0, 4);
        } finally {
            images.restart();
        }
    }

    @Test
    void server_that_comes_back_within_the_retry_window_lets_the_download_resume() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());
        images.stopAtBlock(20);
        int requestsBefore = images.blockRequests.size();

        write(device, 1, images.coapsUri("good"));
        assertThat(images.awaitStopped(10)).isTrue();
        Thread.sleep(500); // the server is down for a while: block 20 times out at least once
        images.restart();

        awaitState(device, 2, 0);
        List<int[]> requests = images.blockRequests.subList(requestsBefore, images.blockRequests.size());
        assertThat(requests.stream().filter(r -> r[1] == 0).count()).as("block 0 asked for only once").isEqualTo(1);
        assertThat(requests.stream().filter(r -> r[1] == 20).count()).as("block 20 asked for again").isEqualTo(2);
    }

    @Test
    void push_by_block1_write_of_the_package_is_verified() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        assertThat(lwm2m.send(device.endpoint, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, good.bytes()))
                .getCode()).isEqualTo(ResponseCode.CHANGED);

        awaitState(device, 2, 0);
        write(device, 0, new byte[0]);
        awaitState(device, 0, 0);
    }

    @Test
    void update_in_idle_state_is_method_not_allowed() throws Exception {
        TestFirmwareDevice device = device(UnaryOperator.identity());

        assertThat(lwm2m.send(device.endpoint, new ExecuteRequest(5, 0, 2)).getCode())
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void injected_download_failure_reports_connection_lost_after_part_of_the_transfer() throws Exception {
        TestFirmwareDevice device = device(b -> b.failure(FailureMode.DOWNLOAD));
        int requestsBefore = images.blockRequests.size();

        write(device, 1, images.coapsUri("good"));

        awaitState(device, 0, 4);
        int asked = images.blockRequests.size() - requestsBefore;
        assertThat(asked).isBetween(2, good.size() / 1024);
    }

    @Test
    void injected_update_failure_goes_back_to_downloaded_with_result_8() throws Exception {
        TestFirmwareDevice device = device(b -> b.failure(FailureMode.UPDATE).updateDelay(Duration.ofMillis(100)));
        write(device, 1, images.coapsUri("good"));
        awaitState(device, 2, 0);

        lwm2m.send(device.endpoint, new ExecuteRequest(5, 0, 2));

        awaitState(device, 2, 8);
        assertThat(read(device, 3, 3)).isEqualTo("1.0.0");
    }

    @Test
    void injected_rollback_reports_success_and_reboots_but_keeps_the_old_version() throws Exception {
        TestFirmwareDevice device = device(b -> b.failure(FailureMode.ROLLBACK).updateDelay(Duration.ofMillis(100)));
        Registration before = lwm2m.registration(device.endpoint).orElseThrow();
        write(device, 1, images.coapsUri("good"));
        awaitState(device, 2, 0);

        lwm2m.send(device.endpoint, new ExecuteRequest(5, 0, 2));

        assertThat(lwm2m.awaitDeregistration(device.endpoint, WAIT)).isTrue();
        awaitNewRegistration(device, before);
        assertThat(read(device, 5, 5)).isEqualTo(1L);
        assertThat(read(device, 3, 3)).isEqualTo("1.0.0");
        assertThat(read(device, 5, 7)).isEqualTo("1.0.0");
    }

    private TestFirmwareDevice device(UnaryOperator<FirmwareUpdateObject.Builder> settings)
            throws InterruptedException {
        String endpoint = "fw-it-" + DEVICES.incrementAndGet();
        lwm2m.addPsk(endpoint, endpoint, KEY);
        images.addPsk(endpoint, KEY);
        TestFirmwareDevice device = new TestFirmwareDevice(lwm2m.coapsUri(), endpoint, KEY, "1.0.0",
                b -> settings.apply(b.trustedKey(SIGNER.getPublic()).downloadSettings(FAST)));
        devices.add(device);
        device.start();
        assertThat(lwm2m.awaitRegistration(endpoint, WAIT)).isTrue();
        return device;
    }

    private static ResponseCode write(TestFirmwareDevice device, int resource, Object value)
            throws InterruptedException {
        WriteRequest request = value instanceof byte[] bytes ? new WriteRequest(ContentFormat.OPAQUE, 5, 0, resource,
                bytes) : new WriteRequest(5, 0, resource, (String) value);
        return lwm2m.send(device.endpoint, request).getCode();
    }

    private static Object read(TestFirmwareDevice device, int object, int resource) throws InterruptedException {
        ReadResponse response = lwm2m.send(device.endpoint, new ReadRequest(object, 0, resource));
        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        return ((LwM2mResource) response.getContent()).getValue();
    }

    private static void awaitState(TestFirmwareDevice device, long state, long result) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            ReadResponse response = lwm2m.send(device.endpoint, new ReadRequest(5, 0));
            LwM2mObjectInstance instance = (LwM2mObjectInstance) response.getContent();
            assertThat(List.of(instance.getResource(3).getValue(), instance.getResource(5).getValue()))
                    .as("State and Update Result of " + device.endpoint).containsExactly(state, result);
        });
    }

    private static Registration awaitNewRegistration(TestFirmwareDevice device, Registration before) {
        return await().atMost(WAIT).until(() -> lwm2m.registration(device.endpoint).orElse(before),
                registration -> !registration.getId().equals(before.getId()));
    }

    private static void observeStateAndResult(TestFirmwareDevice device) throws InterruptedException {
        assertThat(lwm2m.send(device.endpoint, new ObserveRequest(5, 0, 3)).isSuccess()).isTrue();
        assertThat(lwm2m.send(device.endpoint, new ObserveRequest(5, 0, 5)).isSuccess()).isTrue();
    }

    private static List<Long> notifiedStates(Registration registration) {
        List<ObserveResponse> all = new ArrayList<>(lwm2m.notifications());
        List<Long> states = new ArrayList<>();
        for (ObserveResponse response : all) {
            if (registration.getId().equals(response.getObservation().getRegistrationId())
                    && response.getObservation().getPath().toString().equals("/5/0/3")) {
                states.add((Long) ((LwM2mResource) response.getContent()).getValue());
            }
        }
        return states;
    }
}
