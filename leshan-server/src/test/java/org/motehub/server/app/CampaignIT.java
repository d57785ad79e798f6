// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.demo.DemoFleet;
import org.motehub.demo.FleetFirmware;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FailureRate;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.motehub.demo.firmware.FirmwareUpdateObject;
import org.motehub.demo.firmware.UpdateState;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.model.firmware.SigningMode;
import org.motehub.server.app.MotehubTestServer.Response;
import org.motehub.server.firmware.FirmwareDeliverySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Firmware campaigns end to end: the real Motehub server (RocksDB in a temp folder, campaigns created and steered
 * through the REST API) and real Leshan clients with the demo device's object 5 over DTLS on loopback. Counts are
 * exact: which devices fail is fixed by their position ({@link FailureRate}) or chosen from the campaign's waves, and
 * each device's outcome is what it actually did.
 */
class CampaignIT {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private MotehubTestServer server;
    private DemoFleet fleet;
    private final List<FirmwareDevice> devices = new ArrayList<>();
    /** Per endpoint: how many downloads its object 5 started (a Package URI accepted). */
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.stop(false);
        }
        devices.forEach(FirmwareDevice::close);
        if (server != null) {
            server.close();
        }
    }

    private void startServer() {
        server = new MotehubTestServer(dir, b -> b.firmwareSigning(SigningMode.OFF));
    }

    // ---------------------------------------------------------------- 200 devices, 10 % failing

    @Test
    void two_hundred_devices_with_ten_percent_failing_complete_with_exact_counts() throws Exception {
        long t0 = System.nanoTime();
        startServer();
        byte[] seed = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(200).endpointPrefix("fleet-").pskSeed(seed)
                .sensorPeriod(Duration.ofHours(1))
                .firmware(FleetFirmware.builder().failAt(FailureMode.UPDATE)
                        .failRate(new FailureRate(new BigDecimal("0.1"))).updateDelay(Duration.ofMillis(100)).build())
                .build();
        List<String> endpoints = fleet.endpoints();
        for (String endpoint : endpoints) {
            createDevice(endpoint, fleet.pskIdentity(endpoint).orElseThrow(), fleet.pskKey(endpoint).orElseThrow());
        }
        // FailureRate 0.1: device i (0-based) fails iff floor((i+1)/10) > floor(i/10), i.e. indices 9, 19, ..., 199
        List<String> failing = new ArrayList<>();
        for (int i = 9; i < endpoints.size(); i += 10) {
            failing.add(endpoints.get(i));
        }
        fleet.start();
        assertThat(fleet.awaitRegistered(Duration.ofSeconds(90))).isTrue();
        await().atMost(WAIT).until(() -> endpoints.stream().allMatch(e -> registration(e) != null));
        long registered = System.nanoTime();
        Firmware target = upload("2.0.0", 8 * 1024);

        String id = createCampaign("{\"name\":\"fleet 2.0\",\"firmwareId\":\"" + target.id()
                + "\",\"target\":{\"deviceType\":\"demo-sensor\"},\"waves\":[10,100],\"failureThreshold\":50,"
                + "\"maxConcurrent\":50,\"start\":true}");
        JsonNode done = awaitFinal(id, Duration.ofSeconds(150));
        long finished = System.nanoTime();

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("waveEnds")).hasToString("[20,200]");
        JsonNode totals = done.get("totals");
        assertThat(totals.get("total").asInt()).isEqualTo(200);
        assertThat(totals.get("succeeded").asInt()).isEqualTo(180);
        assertThat(totals.get("failed").asInt()).isEqualTo(20);
        assertThat(totals.get("pending").asInt() + totals.get("inProgress").asInt() + totals.get("skipped").asInt()
                + totals.get("cancelled").asInt()).isZero();
        assertThat(done.get("progressPercent").asInt()).isEqualTo(100);

        Map<String, JsonNode> rows = campaignDevices(id);
        assertThat(rows).hasSize(200);
        List<String> failed = rows.values().stream().filter(r -> r.get("status").asText().equals("FAILED"))
                .map(r -> r.get("endpoint").asText()).sorted().toList();
        assertThat(failed).containsExactlyElementsOf(failing);
        for (String endpoint : failing) {
            assertThat(rows.get(endpoint).get("reason").asText()).as(endpoint)
                    .isEqualTo("the device reported update result 8: firmware update failed");
        }
        // success is what the device says now: read /3/0/3 from each one over LwM2M
        Map<String, String> versions = readVersions(endpoints);
        for (String endpoint : endpoints) {
            String expected = failing.contains(endpoint) ? "1.0.0" : "2.0.0";
            assertThat(rows.get(endpoint).get("status").asText()).as(endpoint)
                    .isEqualTo(failing.contains(endpoint) ? "FAILED" : "SUCCEEDED");
            assertThat(versions.get(endpoint)).as(endpoint).isEqualTo(expected);
            assertThat(server.server().firmwareUpdates().forDevice(endpoint)).as(endpoint).hasSize(1);
        }
        LOG.info("200-device campaign: setup and registration {} ms, campaign {} ms", (registered - t0) / 1_000_000,
                (finished - registered) / 1_000_000);
    }

    // ---------------------------------------------------------------- threshold

    @Test
    void a_wave_failing_past_its_threshold_aborts_and_the_next_wave_is_never_touched() throws Exception {
        startServer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            endpoints.add(String.format("abort-%02d", i));
        }
        Map<String, byte[]> keys = new HashMap<>();
        for (String endpoint : endpoints) {
            keys.put(endpoint, createDevice(endpoint));
        }
        Firmware target = upload("2.0.0", 4 * 1024);
        // one device at a time, so that the moment of the abort is exact: a DRAFT first, to see the waves
        String id = createCampaign("{\"name\":\"abort\",\"firmwareId\":\"" + target.id() + "\",\"target\":"
                + "{\"endpoints\":" + MotehubTestServer.JSON.writeValueAsString(endpoints) + "},\"waves\":[50,100],"
                + "\"failureThreshold\":10,\"maxConcurrent\":1}");
        Map<String, JsonNode> rows = campaignDevices(id);
        List<String> wave1 = rows.values().stream().filter(r -> r.get("wave").asInt() == 1)
                .map(r -> r.get("endpoint").asText()).sorted().toList();
        List<String> wave2 = rows.values().stream().filter(r -> r.get("wave").asInt() == 2)
                .map(r -> r.get("endpoint").asText()).sorted().toList();
        assertThat(wave1).hasSize(10);
        assertThat(wave2).hasSize(10);
        // 30 % of the first wave fails its download: wave devices 1, 3 and 5 (started in endpoint order). 10 % of
        // 10 allows one failure: the second (device 3) aborts, so devices 4..9 of the wave never start
        List<String> failing = List.of(wave1.get(1), wave1.get(3), wave1.get(5));
        for (String endpoint : endpoints) {
            FailureMode mode = failing.contains(endpoint) ? FailureMode.INTEGRITY : FailureMode.NONE;
            startDevice(endpoint, keys.get(endpoint), "1.0.0", b -> b.failure(mode));
        }

        Response started = server.post("/api/v1/campaigns/" + id + "/start", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = awaitFinal(id, WAIT);

        assertThat(done.get("state").asText()).isEqualTo("ABORTED");
        assertThat(done.get("stateReason").asText())
                .isEqualTo("wave 1: 2 of 10 devices failed, more than the 10 % threshold");
        JsonNode totals = done.get("totals");
        assertThat(totals.get("total").asInt()).isEqualTo(20);
        assertThat(totals.get("succeeded").asInt()).isEqualTo(2);
        assertThat(totals.get("failed").asInt()).isEqualTo(2);
        assertThat(totals.get("cancelled").asInt()).isEqualTo(16);
        assertThat(totals.get("pending").asInt() + totals.get("inProgress").asInt() + totals.get("skipped").asInt())
                .isZero();
        rows = campaignDevices(id);
        List<String> touched = wave1.subList(0, 4);
        for (String endpoint : endpoints) {
            List<FirmwareUpdate> updates = server.server().firmwareUpdates().forDevice(endpoint);
            FirmwareDevice device = device(endpoint);
            if (touched.contains(endpoint)) {
                boolean fails = failing.contains(endpoint);
                assertThat(rows.get(endpoint).get("status").asText()).as(endpoint)
                        .isEqualTo(fails ? "FAILED" : "SUCCEEDED");
                assertThat(updates).as(endpoint).hasSize(1);
                assertThat(device.installs).as(endpoint).isEqualTo(fails ? List.of() : List.of("2.0.0"));
            } else {
                assertThat(rows.get(endpoint).get("status").asText()).as(endpoint).isEqualTo("CANCELLED");
                assertThat(rows.get(endpoint).get("reason").asText()).as(endpoint).startsWith("campaign aborted");
                assertThat(updates).as(endpoint + " was never touched").isEmpty();
                assertThat(downloads(endpoint)).as(endpoint).isZero();
                assertThat(device.installs).as(endpoint).isEmpty();
            }
        }
        assertThat(rows.get(failing.get(0)).get("reason").asText()).contains("result 5: integrity check failure");
    }

    @Test
    void an_abort_lets_devices_that_are_already_flashing_finish_and_counts_them() throws Exception {
        startServer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String endpoint = "flash-" + i;
            endpoints.add(endpoint);
            // flash-0 and flash-1 fail their flash quickly; the others take 4 s to flash: the abort finds them
            // Updating, where LwM2M gives no way to stop a device
            boolean fails = i < 2;
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b.failure(fails ? FailureMode.UPDATE
                    : FailureMode.NONE).updateDelay(Duration.ofMillis(fails ? 300 : 4000)));
        }
        Firmware target = upload("2.0.0", 4 * 1024);
        String id = createCampaign("{\"name\":\"abort while flashing\",\"firmwareId\":\"" + target.id()
                + "\",\"target\":{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"failureThreshold\":10,"
                + "\"maxConcurrent\":10,\"start\":true}");
        JsonNode aborted = awaitFinal(id, WAIT);
        assertThat(aborted.get("state").asText()).isEqualTo("ABORTED");

        // what the campaign says must be what the devices run, once every device has settled
        await().atMost(WAIT).pollInterval(POLL).until(() -> endpoints.stream()
                .map(e -> device(e).firmware.state()).noneMatch(st -> st == UpdateState.UPDATING));
        await().atMost(WAIT).pollInterval(POLL).until(() -> campaign(id).get("totals").get("inProgress").asInt() == 0);
        JsonNode done = campaign(id);
        Map<String, JsonNode> rows = campaignDevices(id);
        for (String endpoint : endpoints) {
            String status = rows.get(endpoint).get("status").asText();
            List<String> installs = device(endpoint).installs;
            assertThat(status.equals("SUCCEEDED")).as(endpoint + " is " + status + ", installed " + installs)
                    .isEqualTo(installs.contains("2.0.0"));
        }
        assertThat(done.get("totals").get("failed").asInt()).isEqualTo(2);
        assertThat(done.get("totals").get("succeeded").asInt()).isEqualTo(8);
        // so a rollback reaches every device the aborted campaign moved
        upload("1.0.0", 4 * 1024);
        Response rb = server.post("/api/v1/campaigns/" + id + "/rollback", "");
        assertThat(rb.status()).as(rb.body()).isEqualTo(202);
        assertThat(rb.json().get("target").get("endpoints")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(endpoints.subList(2, 10));
        JsonNode back = awaitFinal(rb.json().get("id").asText(), WAIT);
        assertThat(back.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(back.get("totals").get("succeeded").asInt()).isEqualTo(8);
    }

    // ---------------------------------------------------------------- a device that never comes online

    @Test
    void a_device_that_never_comes_online_is_skipped_after_device_wait_and_the_campaign_completes() throws Exception {
        startServer();
        List<String> online = List.of("online-0", "online-1");
        List<String> ghosts = List.of("ghost-0", "ghost-1");
        for (String endpoint : online) {
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b);
        }
        for (String endpoint : ghosts) {
            createDevice(endpoint); // known to the server, never registers
        }
        Firmware target = upload("2.0.0", 4 * 1024);
        // one device at a time: whichever ghost gets the slot would hold it for good without deviceWait
        String id = createCampaign("{\"name\":\"with ghosts\",\"firmwareId\":\"" + target.id()
                + "\",\"target\":{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"failureThreshold\":0,"
                + "\"maxConcurrent\":1,\"deviceWaitSeconds\":2,\"start\":true}");
        assertThat(campaign(id).get("deviceWaitSeconds").asLong()).isEqualTo(2);

        JsonNode done = awaitFinal(id, WAIT);
        assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("totals").get("succeeded").asInt()).isEqualTo(2);
        assertThat(done.get("totals").get("skipped").asInt()).isEqualTo(2);
        assertThat(done.get("totals").get("failed").asInt()).isZero();
        Map<String, JsonNode> rows = campaignDevices(id);
        for (String ghost : ghosts) {
            assertThat(rows.get(ghost).get("status").asText()).as(ghost).isEqualTo("SKIPPED");
            assertThat(rows.get(ghost).get("reason").asText()).as(ghost)
                    .isEqualTo("device did not come online within PT2S");
            Response updates = server.get("/api/v1/devices/" + ghost + "/firmware-updates");
            assertThat(updates.status()).as(updates.body()).isEqualTo(200);
            JsonNode items = updates.json().get("items");
            assertThat(items).as(updates.body()).hasSize(1);
            assertThat(items.get(0).get("status").asText()).isEqualTo("CANCELLED");
            assertThat(items.get(0).get("failureReason").asText()).isEqualTo("device did not come online within PT2S");
        }
        for (String endpoint : online) {
            assertThat(rows.get(endpoint).get("status").asText()).as(endpoint).isEqualTo("SUCCEEDED");
        }
        assertThat(readVersions(online)).containsOnly(Map.entry("online-0", "2.0.0"), Map.entry("online-1", "2.0.0"));
    }

    // ---------------------------------------------------------------- pause and resume

    @Test
    void a_paused_campaign_starts_no_device_until_it_is_resumed() throws Exception {
        startServer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String endpoint = "pause-" + i;
            endpoints.add(endpoint);
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b.updateDelay(Duration.ofMillis(1500)));
        }
        Firmware target = upload("2.0.0", 4 * 1024);
        String id = createCampaign("{\"name\":\"pause\",\"firmwareId\":\"" + target.id() + "\",\"target\":"
                + "{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"maxConcurrent\":2,\"start\":true}");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> server.server().firmwareUpdates().forCampaign(id).size() >= 1);

        Response paused = server.post("/api/v1/campaigns/" + id + "/pause", "");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("state").asText()).isEqualTo("PAUSED");
        int started = server.server().firmwareUpdates().forCampaign(id).size();
        assertThat(started).isBetween(1, 2);
        // updates in flight finish while PAUSED; no new one starts for a few seconds
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(POLL)
                .until(() -> server.server().firmwareUpdates().forCampaign(id).size() == started);
        JsonNode whilePaused = await().atMost(WAIT).pollInterval(POLL).until(() -> campaign(id),
                c -> c.get("totals").get("succeeded").asInt() == started);
        assertThat(whilePaused.get("state").asText()).isEqualTo("PAUSED");
        assertThat(whilePaused.get("totals").get("pending").asInt()).isEqualTo(6 - started);
        Response pausedAgain = server.post("/api/v1/campaigns/" + id + "/pause", "");
        assertThat(pausedAgain.status()).isEqualTo(409);
        assertThat(pausedAgain.contentType()).startsWith("application/problem+json");
        assertThat(server.post("/api/v1/campaigns/" + id + "/rollback", "").status()).as("not finished").isEqualTo(409);
        // a clean restart (close(), DTLS sessions saved) keeps it PAUSED: still nothing new starts
        server.restart();
        assertThat(campaign(id).get("state").asText()).isEqualTo("PAUSED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(POLL)
                .until(() -> server.server().firmwareUpdates().forCampaign(id).size() == started);

        Response resumed = server.post("/api/v1/campaigns/" + id + "/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("state").asText()).isEqualTo("RUNNING");
        JsonNode done = awaitFinal(id, WAIT);

        assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("totals").get("succeeded").asInt()).isEqualTo(6);
        for (String endpoint : endpoints) {
            assertThat(device(endpoint).installs).as(endpoint).containsExactly("2.0.0");
            assertThat(server.server().firmwareUpdates().forDevice(endpoint)).as(endpoint).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- restart

    @Test
    void a_campaign_interrupted_by_a_crash_resumes_and_updates_each_device_once() throws Exception {
        startServer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String endpoint = "crash-" + i;
            endpoints.add(endpoint);
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b.updateDelay(Duration.ofSeconds(2)));
        }
        Firmware target = upload("2.0.0", 8 * 1024);
        String id = createCampaign("{\"name\":\"crash\",\"firmwareId\":\"" + target.id() + "\",\"target\":"
                + "{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"maxConcurrent\":4,\"start\":true}");
        // crash while some devices download or flash and the others wait for their turn
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode t = campaign(id).get("totals");
            return t.get("downloaded").asInt() + t.get("updating").asInt() >= 2 && t.get("pending").asInt() > 0;
        });
        server.crashAndRestart();
        JsonNode done = awaitFinal(id, Duration.ofSeconds(90));

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("totals").get("succeeded").asInt()).isEqualTo(10);
        assertThat(server.server().firmwareUpdates().forCampaign(id)).hasSize(10);
        for (String endpoint : endpoints) {
            assertThat(server.server().firmwareUpdates().forDevice(endpoint)).as(endpoint).hasSize(1);
            assertThat(downloads(endpoint)).as(endpoint + " downloads").isEqualTo(1);
            assertThat(device(endpoint).installs).as(endpoint).containsExactly("2.0.0");
        }
    }

    @Test
    void a_crash_mid_download_lets_each_device_resume_its_download_instead_of_starting_over() throws Exception {
        // after the crash the server re-establishes DTLS with each device itself (it has lost the sessions); a device
        // may then drop its notifications (the demo device did while that session got another cipher suite, see
        // ServerPreferenceCipherSuiteSelector): the driver must ask again instead of waiting for news until the
        // download deadline (30 min)
        server = new MotehubTestServer(dir, b -> b.firmwareSigning(SigningMode.OFF).firmwareDelivery(
                FirmwareDeliverySettings.defaults().withRecheckInterval(Duration.ofSeconds(2))));
        List<String> endpoints = List.of("dl-0", "dl-1", "dl-2");
        // a block that gets no answer is asked for again after about 2 s, on a fresh DTLS session
        FirmwareDownloader.Settings quickRetry = new FirmwareDownloader.Settings(1024, Duration.ofMillis(200), 1, 5,
                Duration.ofMillis(200), FirmwareDownloader.Settings.DEFAULT_MAX_IMAGE_SIZE);
        for (String endpoint : endpoints) {
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b.downloadSettings(quickRetry));
        }
        Firmware target = upload("2.0.0", 384 * 1024);
        String id = createCampaign("{\"name\":\"crash mid-download\",\"firmwareId\":\"" + target.id()
                + "\",\"target\":{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"start\":true}");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> campaign(id).get("totals").get("downloading").asInt() == 3);
        server.crashAndRestart();
        JsonNode done = awaitFinal(id, Duration.ofSeconds(30));

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("totals").get("succeeded").asInt()).isEqualTo(3);
        for (String endpoint : endpoints) {
            assertThat(server.server().firmwareUpdates().forDevice(endpoint)).as(endpoint).hasSize(1);
            assertThat(downloads(endpoint)).as(endpoint + " downloads").isEqualTo(1);
            assertThat(device(endpoint).installs).as(endpoint).containsExactly("2.0.0");
        }
    }

    // ---------------------------------------------------------------- rollback

    @Test
    void a_rollback_returns_exactly_the_devices_that_moved_to_their_previous_version() throws Exception {
        startServer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String endpoint = "rb-" + i;
            endpoints.add(endpoint);
            // rb-4 fails its update: it never moved, so the rollback leaves it alone
            FailureMode mode = i == 4 ? FailureMode.UPDATE : FailureMode.NONE;
            startDevice(endpoint, createDevice(endpoint), "1.0.0", b -> b.failure(mode));
        }
        Firmware previous = upload("1.0.0", 4 * 1024);
        Firmware target = upload("2.0.0", 4 * 1024);
        String id = createCampaign("{\"name\":\"to 2.0\",\"firmwareId\":\"" + target.id() + "\",\"target\":"
                + "{\"deviceType\":\"demo-sensor\"},\"waves\":[100],\"failureThreshold\":50,\"start\":true}");
        JsonNode first = awaitFinal(id, WAIT);
        assertThat(first.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(first.get("totals").get("succeeded").asInt()).isEqualTo(4);
        assertThat(first.get("totals").get("failed").asInt()).isEqualTo(1);

        Response rb = server.post("/api/v1/campaigns/" + id + "/rollback", "");
        assertThat(rb.status()).as(rb.body()).isEqualTo(202);
        String rollbackId = rb.json().get("id").asText();
        assertThat(rb.json().get("previousCampaignId").asText()).isEqualTo(id);
        assertThat(rb.json().get("firmwareId").asText()).isEqualTo(previous.id());
        assertThat(rb.json().get("target").get("endpoints")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("rb-0", "rb-1", "rb-2", "rb-3");
        JsonNode back = awaitFinal(rollbackId, WAIT);

        assertThat(back.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(back.get("totals").get("total").asInt()).isEqualTo(4);
        assertThat(back.get("totals").get("succeeded").asInt()).isEqualTo(4);
        assertThat(campaignDevices(rollbackId).keySet()).containsExactlyInAnyOrder("rb-0", "rb-1", "rb-2", "rb-3");
        for (int i = 0; i < 4; i++) {
            assertThat(device("rb-" + i).installs).containsExactly("2.0.0", "1.0.0");
            assertThat(readVersion("rb-" + i)).isEqualTo("1.0.0");
        }
        assertThat(device("rb-4").installs).isEmpty();
        assertThat(server.server().firmwareUpdates().forDevice("rb-4")).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    /** Creates a device of type demo-sensor through the REST API and returns its key. */
    private byte[] createDevice(String endpoint) throws IOException, InterruptedException {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        key[0] = (byte) endpoint.hashCode();
        key[1] = (byte) (endpoint.hashCode() >> 8);
        createDevice(endpoint, endpoint + "-id", key);
        return key;
    }

    private void createDevice(String endpoint, String identity, byte[] key) throws IOException, InterruptedException {
        Response created = server.post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"type\":\""
                + FirmwareDevice.TYPE + "\",\"credentials\":{\"type\":\"PSK\",\"identity\":\"" + identity
                + "\",\"key\":\"" + HexFormat.of().formatHex(key) + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** Starts a real Leshan client with object 5 and waits for its registration; counts its downloads. */
    private void startDevice(String endpoint, byte[] key, String version,
            UnaryOperator<FirmwareUpdateObject.Builder> settings) {
        FirmwareDevice device = new FirmwareDevice(server.coapsUri(), endpoint, key, version,
                b -> settings.apply(b.updateDelay(Duration.ofMillis(200)).rebootDelay(Duration.ofMillis(200))));
        AtomicInteger count = downloads.computeIfAbsent(endpoint, e -> new AtomicInteger());
        LwM2mPath packageUri = new LwM2mPath(5, 0, FirmwareUpdateObject.PACKAGE_URI);
        // a Package URI accepted (non-empty after the change) is a download started; resets and successful updates
        // clear it before they notify
        device.firmware.addResourceListener(paths -> {
            if (List.of(paths).contains(packageUri) && !((String) ((LwM2mSingleResource) device.firmware
                    .read(null, FirmwareUpdateObject.PACKAGE_URI).getContent()).getValue()).isEmpty()) {
                count.incrementAndGet();
            }
        });
        devices.add(device);
        device.start();
        await().atMost(WAIT).until(() -> registration(endpoint) != null);
    }

    private FirmwareDevice device(String endpoint) {
        return devices.stream().filter(d -> d.endpoint.equals(endpoint)).findFirst().orElseThrow();
    }

    private int downloads(String endpoint) {
        return downloads.get(endpoint).get();
    }

    private Registration registration(String endpoint) {
        return server.server().lwm2m().getRegistrationService().getByEndpoint(endpoint);
    }

    /** @return the firmware version the device reports in /3/0/3 now, read over LwM2M. */
    private String readVersion(String endpoint) {
        return readVersions(List.of(endpoint)).get(endpoint);
    }

    /** @return the firmware version each device reports in /3/0/3 now, read over LwM2M, all at once. */
    private Map<String, String> readVersions(List<String> endpoints) {
        Map<String, CompletableFuture<String>> reads = new LinkedHashMap<>();
        for (String endpoint : endpoints) {
            CompletableFuture<String> read = new CompletableFuture<>();
            reads.put(endpoint, read);
            Registration registration = registration(endpoint);
            if (registration == null) {
                read.completeExceptionally(new AssertionError(endpoint + " is not registered"));
                continue;
            }
            server.server().lwm2m().send(registration, new ReadRequest(3, 0, 3), 10_000, (ReadResponse r) -> {
                if (r.isSuccess()) {
                    read.complete((String) ((LwM2mSingleResource) r.getContent()).getValue());
                } else {
                    read.completeExceptionally(new AssertionError(endpoint + ": " + r));
                }
            }, read::completeExceptionally);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        reads.forEach((endpoint, read) -> versions.put(endpoint, read.orTimeout(20, TimeUnit.SECONDS).join()));
        return versions;
    }

    private Firmware upload(String version, int payloadSize) {
        byte[] image = DemoFirmwareImage.builder().version(version).deviceType(FirmwareDevice.TYPE)
                .payloadSize(payloadSize).build().bytes();
        return server.server().firmware().upload(new FirmwareMetadata(version, List.of(FirmwareDevice.TYPE), null,
                null, false, null), new ByteArrayInputStream(image));
    }

    /** Creates a campaign through the REST API; returns its id. */
    private String createCampaign(String json) throws IOException, InterruptedException {
        Response r = server.post("/api/v1/campaigns", json);
        assertThat(r.status()).as(r.body()).isIn(201, 202);
        return r.json().get("id").asText();
    }

    private JsonNode campaign(String id) throws IOException, InterruptedException {
        Response r = server.get("/api/v1/campaigns/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode awaitFinal(String id, Duration atMost) {
        return await().atMost(atMost).pollInterval(POLL).until(() -> campaign(id), c -> List.of("COMPLETED",
                "ABORTED", "CANCELLED").contains(c.get("state").asText()));
    }

    /** @return every device row of the campaign, read page by page through the REST API, by endpoint. */
    private Map<String, JsonNode> campaignDevices(String id) throws IOException, InterruptedException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        String cursor = null;
        do {
            Response r = server.get("/api/v1/campaigns/" + id + "/devices?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (JsonNode row : r.json().get("items")) {
                rows.put(row.get("endpoint").asText(), row);
            }
            JsonNode next = r.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return rows;
    }
}
