// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import java.net.URI;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FirmwareUpdateObject;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdate.Delivery;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.model.firmware.SigningMode;
import org.motehub.server.app.MotehubTestServer.Response;
import org.motehub.server.firmware.FirmwareDeliverySettings;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Firmware delivery over LwM2M object 5 end to end: the real Motehub server and real Leshan clients with the demo
 * device's Firmware Update object, over DTLS on loopback. Each outcome is what the device actually did: its version
 * after the update is read back, never assumed.
 */
class FirmwareDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private MotehubTestServer server;
    private final java.util.List<FirmwareDevice> devices = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        devices.forEach(FirmwareDevice::close);
        if (server != null) {
            server.close();
        }
    }

    private void startServer(UnaryOperator<FirmwareDeliverySettings> delivery) {
        server = new MotehubTestServer(dir, b -> b.firmwareSigning(SigningMode.OFF)
                .firmwareDelivery(delivery.apply(FirmwareDeliverySettings.defaults())));
    }

    private FirmwareDevice device(String endpoint, String version, UnaryOperator<FirmwareUpdateObject.Builder> settings)
            throws IOException, InterruptedException {
        FirmwareDevice device = offlineDevice(endpoint, version, settings);
        startAndAwaitRegistration(device);
        return device;
    }

    private void startAndAwaitRegistration(FirmwareDevice device) {
        device.start();
        await().atMost(WAIT).until(() -> server.server().lwm2m().getRegistrationService()
                .getByEndpoint(device.endpoint) != null);
    }

    /** A device created in the registry and built, not started. */
    private FirmwareDevice offlineDevice(String endpoint, String version,
            UnaryOperator<FirmwareUpdateObject.Builder> settings) throws IOException, InterruptedException {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        key[0] = (byte) endpoint.hashCode();
        Response created = server.post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"type\":\""
                + FirmwareDevice.TYPE + "\",\"credentials\":{\"type\":\"PSK\",\"identity\":\"" + endpoint
                + "-id\",\"key\":\"" + HexFormat.of().formatHex(key) + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        FirmwareDevice device = new FirmwareDevice(server.coapsUri(), endpoint, key, version,
                b -> settings.apply(b.updateDelay(Duration.ofMillis(200)).rebootDelay(Duration.ofMillis(200))));
        devices.add(device);
        return device;
    }

    private Firmware upload(String version, int payloadSize) {
        return upload(version, DemoFirmwareImage.builder().version(version).deviceType(FirmwareDevice.TYPE)
                .payloadSize(payloadSize).build().bytes());
    }

    private Firmware upload(String version, byte[] image) {
        return server.server().firmware().upload(new FirmwareMetadata(version, List.of(FirmwareDevice.TYPE), null,
                null, false, null), new ByteArrayInputStream(image));
    }

    /** Starts an update through the REST API; returns its id. */
    private String startUpdate(String endpoint, Firmware firmware) throws IOException, InterruptedException {
        Response r = server.post("/api/v1/devices/" + endpoint + "/firmware-updates", "{\"firmwareId\":\""
                + firmware.id() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        return r.json().get("id").asText();
    }

    /** @return what the device holds in /5/0/1. */
    private static String packageUri(FirmwareDevice device) {
        return (String) ((LwM2mSingleResource) device.firmware.read(null, FirmwareUpdateObject.PACKAGE_URI)
                .getContent()).getValue();
    }

    private FirmwareUpdate awaitFinished(String id) {
        return await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow(),
                u -> u.status().isFinal());
    }

    @Test
    void pull_update_succeeds_and_the_new_version_is_read_back_from_the_device() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-pull", "1.0.0", UnaryOperator.identity());
        Firmware target = upload("2.0.0", 20_000);

        String id = startUpdate("fw-pull", target);
        FirmwareUpdate done = awaitFinished(id);

        assertThat(done.status()).as(String.valueOf(done.failureReason())).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(done.delivery()).isEqualTo(Delivery.PULL);
        assertThat(done.previousVersion()).isEqualTo("1.0.0");
        assertThat(done.percent()).isEqualTo(100);
        assertThat(device.installs).containsExactly("2.0.0");
        Response view = server.get("/api/v1/devices/fw-pull/firmware-updates/" + id);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(server.get("/api/v1/devices/fw-pull/firmware-updates").json().get("items")).hasSize(1);
    }

    @Test
    void push_update_writes_the_image_block_wise_and_succeeds() throws Exception {
        startServer(d -> d.preferring(Delivery.PUSH));
        FirmwareDevice device = device("fw-push", "1.0.0", UnaryOperator.identity());
        Firmware target = upload("2.1.0", 20_000);

        FirmwareUpdate done = awaitFinished(startUpdate("fw-push", target));

        assertThat(done.status()).as(String.valueOf(done.failureReason())).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(done.delivery()).isEqualTo(Delivery.PUSH);
        assertThat(device.installs).containsExactly("2.1.0");
    }

    @Test
    void a_corrupted_image_fails_its_integrity_check_on_the_device() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-corrupt", "1.0.0", UnaryOperator.identity());
        byte[] image = DemoFirmwareImage.builder().version("3.0.0").deviceType(FirmwareDevice.TYPE)
                .payloadSize(8_000).build().bytes();
        image[image.length / 2] ^= 0x5a;
        Firmware corrupted = upload("3.0.0", image);

        FirmwareUpdate done = awaitFinished(startUpdate("fw-corrupt", corrupted));

        assertThat(done.status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(done.lwm2mResult()).isEqualTo(5);
        assertThat(done.failureReason()).contains("integrity check failure");
        assertThat(device.installs).isEmpty();
    }

    @Test
    void a_device_that_rolls_back_is_a_failure_although_it_reports_success() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-rollback", "1.0.0", b -> b.failure(FailureMode.ROLLBACK));
        Firmware target = upload("4.0.0", 8_000);

        FirmwareUpdate done = awaitFinished(startUpdate("fw-rollback", target));

        assertThat(done.status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(done.failureReason()).isEqualTo("device reports version 1.0.0 after update, not 4.0.0 (rolled back?)");
        assertThat(device.installed.version()).isEqualTo("1.0.0");
    }

    @Test
    void a_failed_flash_is_reported_with_its_result() throws Exception {
        startServer(UnaryOperator.identity());
        device("fw-badflash", "1.0.0", b -> b.failure(FailureMode.UPDATE));
        Firmware target = upload("4.1.0", 8_000);

        FirmwareUpdate done = awaitFinished(startUpdate("fw-badflash", target));

        assertThat(done.status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(done.lwm2mResult()).isEqualTo(8);
        assertThat(done.failureReason()).contains("result 8: firmware update failed");
    }

    @Test
    void a_device_that_goes_silent_mid_download_fails_cleanly_at_the_deadline() throws Exception {
        startServer(d -> d.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)));
        FirmwareDevice device = device("fw-silent", "1.0.0", UnaryOperator.identity());
        Firmware target = upload("5.0.0", 2_000_000);

        String id = startUpdate("fw-silent", target);
        await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow().status(),
                s -> s == FirmwareUpdateStatus.DOWNLOADING);
        device.close();
        FirmwareUpdate done = awaitFinished(id);

        assertThat(done.status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(done.failureReason()).isEqualTo("timed out while DOWNLOADING");
        assertThat(device.installs).isEmpty();
    }

    @Test
    void a_restart_mid_update_resumes_without_sending_the_image_again() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-restart", "1.0.0", b -> b.updateDelay(Duration.ofSeconds(4)));
        Firmware target = upload("6.0.0", 20_000);

        String id = startUpdate("fw-restart", target);
        await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow().status(),
                s -> s == FirmwareUpdateStatus.UPDATING);
        server.restart();
        FirmwareUpdate done = awaitFinished(id);

        assertThat(done.status()).as(String.valueOf(done.failureReason())).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(device.installs).containsExactly("6.0.0");
    }

    @Test
    void the_device_view_shows_the_reported_version_and_whether_it_is_blocked() throws Exception {
        startServer(UnaryOperator.identity());
        device("fw-view", "1.0.0", UnaryOperator.identity());
        assertThat(server.get("/api/v1/devices/fw-view").json().get("firmware").isNull()).isTrue();
        Firmware target = upload("2.0.0", 8_000);

        FirmwareUpdate done = awaitFinished(startUpdate("fw-view", target));
        assertThat(done.status()).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        JsonNode firmware = server.get("/api/v1/devices/fw-view").json().get("firmware");
        assertThat(firmware.get("version").asText()).isEqualTo("2.0.0");
        assertThat(firmware.get("blocked").asBoolean()).isFalse();

        server.server().firmware().setBlocked(target.id(), true, "bricks sensors");
        firmware = server.get("/api/v1/devices/fw-view").json().get("firmware");
        assertThat(firmware.get("blocked").asBoolean()).isTrue();
        assertThat(firmware.get("blockedReason").asText()).isEqualTo("bricks sensors");
    }

    @Test
    void a_link_serves_only_its_own_device_and_only_over_dtls() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice owner = device("fw-owner", "1.0.0", b -> b.updateDelay(Duration.ofSeconds(10)));
        FirmwareDevice other = device("fw-other", "1.0.0", UnaryOperator.identity());
        String id = startUpdate("fw-owner", upload("7.0.0", 8_000));
        await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow().status(),
                s -> s == FirmwareUpdateStatus.UPDATING);
        URI uri = URI.create(packageUri(owner));
        assertThat(uri.getPath()).startsWith("/fw/");
        byte[] otherKey = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        otherKey[0] = (byte) other.endpoint.hashCode();

        assertThat(PskCoapClient.get(uri, "fw-other-id", otherKey).getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(PskCoapClient.get(uri.resolve("/fw/AAAAAAAAAAAAAAAAAAAAAA"), "fw-other-id", otherKey).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(PskCoapClient.getPlain(URI.create(server.coapUri() + uri.getPath())).getCode())
                .isEqualTo(ResponseCode.UNAUTHORIZED);
    }

    @Test
    void cancelling_resets_the_device_and_deletes_the_link() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-cancel", "1.0.0", b -> b.updateDelay(Duration.ofSeconds(10)));
        String id = startUpdate("fw-cancel", upload("8.0.0", 8_000));
        await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow().status(),
                s -> s == FirmwareUpdateStatus.UPDATING);
        String packageUri = packageUri(device);

        Response cancelled = server.post("/api/v1/devices/fw-cancel/firmware-updates/" + id + "/cancel",
                "{\"reason\":\"wrong image\"}");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("failureReason").asText()).isEqualTo("wrong image");
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        key[0] = (byte) device.endpoint.hashCode();
        await().atMost(WAIT).until(() -> PskCoapClient.get(URI.create(packageUri), "fw-cancel-id", key).getCode(),
                c -> c == ResponseCode.NOT_FOUND);
    }

    @Test
    void a_pull_cut_by_a_server_restart_resumes_from_where_it_stopped() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = device("fw-resume", "1.0.0", UnaryOperator.identity());
        Firmware target = upload("9.0.0", 3_000_000);

        String id = startUpdate("fw-resume", target);
        await().atMost(WAIT).until(() -> server.server().firmwareUpdates().find(id).orElseThrow(),
                u -> u.status() == FirmwareUpdateStatus.DOWNLOADING && u.percent() >= 10);
        server.restart();
        FirmwareUpdate done = await().atMost(Duration.ofSeconds(90)).until(
                () -> server.server().firmwareUpdates().find(id).orElseThrow(), u -> u.status().isFinal());

        assertThat(done.status()).as(String.valueOf(done.failureReason())).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(done.delivery()).isEqualTo(Delivery.PULL);
        assertThat(device.installs).containsExactly("9.0.0");
    }

    @Test
    void an_offline_device_keeps_its_update_pending_until_it_registers() throws Exception {
        startServer(UnaryOperator.identity());
        FirmwareDevice device = offlineDevice("fw-offline", "1.0.0", UnaryOperator.identity());
        String id = startUpdate("fw-offline", upload("10.0.0", 8_000));

        // the driver looks at the update when it is created and on every sweep; nothing may move it while offline
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(
                () -> server.server().firmwareUpdates().find(id).orElseThrow().status(),
                s -> s == FirmwareUpdateStatus.PENDING);
        startAndAwaitRegistration(device);
        FirmwareUpdate done = awaitFinished(id);

        assertThat(done.status()).as(String.valueOf(done.failureReason())).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(device.installs).containsExactly("10.0.0");
    }

    @Test
    void bad_requests_name_the_field_and_unknown_updates_are_not_found() throws Exception {
        startServer(UnaryOperator.identity());
        device("fw-rest", "1.0.0", UnaryOperator.identity());

        Response missing = server.post("/api/v1/devices/fw-rest/firmware-updates", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.body()).contains("firmwareId");
        assertThat(server.get("/api/v1/devices/fw-rest/firmware-updates/0000000000000000").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/devices/fw-rest/firmware-updates", "{\"firmwareId\":\"nope\"}").status())
                .isEqualTo(404);
    }
}
