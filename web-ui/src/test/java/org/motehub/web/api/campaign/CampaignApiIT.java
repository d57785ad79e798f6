// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.bootstrap.DefaultBootstrapService;
import org.motehub.model.campaign.CampaignRunner;
import org.motehub.model.campaign.DefaultCampaignService;
import org.motehub.model.command.DefaultCommandService;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.NewDevice;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.firmware.DefaultFirmwareRepository;
import org.motehub.model.firmware.DefaultFirmwareUpdateService;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.model.firmware.SignatureVerifier;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.firmware.TrustedKeys;
import org.motehub.model.provisioning.DefaultProvisioningService;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbBootstrapStore;
import org.motehub.model.rocksdb.RocksDbCampaignStore;
import org.motehub.model.rocksdb.RocksDbCommandStore;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareStore;
import org.motehub.model.rocksdb.RocksDbFirmwareUpdateStore;
import org.motehub.model.rocksdb.RocksDbProvisioningStore;
import org.motehub.web.WebServer;
import org.motehub.web.testing.FakeLwM2mServer;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Campaigns over real HTTP: the web server on a free port, the model's real services on RocksDB, the campaign runner
 * on its thread; the test plays the update driver by moving updates with {@code transition}.
 */
class CampaignApiIT {

    @TempDir
    Path dir;

    private MotehubDb db;
    private DefaultDeviceService devices;
    private DefaultProvisioningService provisioning;
    private DefaultFirmwareUpdateService updates;
    private CampaignRunner runner;
    private WebServer server;
    private Firmware v2;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        db = MotehubDb.open(dir);
        RocksDbDeviceStore deviceStore = new RocksDbDeviceStore(db);
        devices = new DefaultDeviceService(deviceStore, clock);
        DefaultCommandService commands = new DefaultCommandService(new RocksDbCommandStore(db), devices, clock);
        FakeLwM2mServer lwm2m = new FakeLwM2mServer();
        provisioning = new DefaultProvisioningService(deviceStore, new RocksDbProvisioningStore(db), clock, 16);
        DefaultFirmwareRepository firmware = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db),
                new SignatureVerifier(TrustedKeys.none(), SigningMode.OFF), clock);
        updates = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices, firmware, clock);
        DefaultCampaignService campaigns = new DefaultCampaignService(new RocksDbCampaignStore(db), devices, firmware,
                updates, DeviceFirmwareVersions.UNKNOWN, clock);
        runner = new CampaignRunner(campaigns, Duration.ofMillis(50));
        runner.start();
        server = WebServer.builder().port(0).deviceService(devices).commandService(commands)
                .registrationLookup(lwm2m).objectsLookup(lwm2m)
                .pskIdentityLookup(e -> deviceStore.findCredentials(e).map(PskCredentials::identity))
                .bootstrapService(new DefaultBootstrapService(deviceStore, new RocksDbBootstrapStore(db), commands,
                        lwm2m, clock, 16))
                .provisioningService(provisioning).health(Map::of).campaignService(campaigns)
                .firmwareUpdates(updates).build();
        server.start();
        v2 = firmware.upload(new FirmwareMetadata("2.0", List.of("tracker"), List.of(), "faster", false, null),
                new ByteArrayInputStream(new byte[4096]));
        for (int i = 0; i < 10; i++) {
            device("tracker-" + i, "tracker");
        }
        device("meter-0", "meter");
    }

    @AfterEach
    void stop() {
        server.stop();
        runner.stop();
        provisioning.close();
        db.close();
    }

    private void device(String endpoint, String type) {
        devices.create(new NewDevice(endpoint, null, type, new CredentialsInput("PSK", "id-" + endpoint,
                WebFixture.keyOf(endpoint)), null));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)));
    }

    private String body(String target, boolean start) {
        return "{\"name\":\"spring roll-out\",\"firmwareId\":\"" + v2.id() + "\",\"target\":" + target
                + ",\"waves\":[50,100],\"failureThreshold\":0,\"maxConcurrent\":3,\"start\":" + start + "}";
    }

    private JsonNode campaign(String id) {
        HttpResponse<String> r = get("/api/v1/campaigns/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return WebFixture.json(r);
    }

    private void succeedInProgress() {
        for (FirmwareUpdate u : updates.allUnfinished()) {
            updates.transition(u.id(), x -> new FirmwareUpdate(x.id(), x.endpoint(), x.firmwareId(),
                    x.targetVersion(), x.campaignId(), FirmwareUpdate.Delivery.PULL, FirmwareUpdateStatus.SUCCEEDED,
                    100, x.previousVersion(), 0, null, x.createdAt(), x.updatedAt(), null));
        }
    }

    @Test
    void a_draft_lists_its_exclusions_and_runs_to_completion_once_started() {
        HttpResponse<String> created = post("/api/v1/campaigns",
                body("{\"endpoints\":[\"tracker-0\",\"tracker-1\",\"tracker-2\",\"tracker-3\",\"meter-0\",\"nope\"]}",
                        false));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode c = WebFixture.json(created);
        String id = c.path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/campaigns/" + id);
        assertThat(c.path("state").asText()).isEqualTo("DRAFT");
        assertThat(c.at("/totals/total").asInt()).isEqualTo(4);
        assertThat(c.path("waveEnds").toString()).isEqualTo("[2,4]");
        assertThat(c.path("excluded").asInt()).isEqualTo(2);
        assertThat(c.at("/exclusions/0/endpoint").asText()).isEqualTo("meter-0");
        assertThat(c.at("/exclusions/0/reason").asText()).isEqualTo("INCOMPATIBLE_TYPE");
        assertThat(c.at("/exclusions/1/reason").asText()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(get("/api/v1/campaigns").body()).contains(id);

        HttpResponse<String> started = post("/api/v1/campaigns/" + id + "/start", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertProblem(post("/api/v1/campaigns/" + id + "/start", null), 409);

        await().atMost(Duration.ofSeconds(20)).until(() -> WebFixture.json(get("/api/v1/campaigns/" + id
                + "/devices?status=in_progress")).path("items").size() == 2);
        JsonNode devicesPage = WebFixture.json(get("/api/v1/campaigns/" + id + "/devices?limit=3"));
        assertThat(devicesPage.path("items")).hasSize(3);
        assertThat(devicesPage.path("nextCursor").asText()).isNotEmpty();
        assertThat(WebFixture.json(get("/api/v1/campaigns/" + id + "/devices?cursor="
                + devicesPage.path("nextCursor").asText())).path("items")).hasSize(1);

        assertThat(WebFixture.json(post("/api/v1/campaigns/" + id + "/pause", null)).path("state").asText())
                .isEqualTo("PAUSED");
        assertProblem(post("/api/v1/campaigns/" + id + "/pause", null), 409);
        assertThat(WebFixture.json(post("/api/v1/campaigns/" + id + "/resume", null)).path("state").asText())
                .isEqualTo("RUNNING");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            succeedInProgress();
            return campaign(id).path("state").asText().equals("COMPLETED");
        });
        JsonNode done = campaign(id);
        assertThat(done.at("/totals/succeeded").asInt()).isEqualTo(4);
        assertThat(done.path("progressPercent").asInt()).isEqualTo(100);
        assertThat(done.path("finishedAt").asText()).endsWith("Z");
        assertProblem(post("/api/v1/campaigns/" + id + "/cancel", null), 409);
        // the devices' previous version is unknown here: nothing to roll back to
        assertProblem(post("/api/v1/campaigns/" + id + "/rollback", null), 409);
    }

    @Test
    void a_campaign_created_started_answers_202_and_cancel_stops_it() {
        HttpResponse<String> created = post("/api/v1/campaigns", body("{\"deviceType\":\"tracker\"}", true));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = WebFixture.json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/campaigns/" + id);
        assertThat(WebFixture.json(created).path("state").asText()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(20)).until(() -> campaign(id).at("/totals/inProgress").asInt() == 3);

        JsonNode cancelled = WebFixture.json(post("/api/v1/campaigns/" + id + "/cancel", null));

        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/totals/cancelled").asInt()).isEqualTo(10);
        assertThat(updates.allUnfinished()).isEmpty();
    }

    @Test
    void bad_requests_name_their_fields() {
        assertProblem(post("/api/v1/campaigns", "{\"name\":\"\",\"firmwareId\":\"" + v2.id() + "\",\"target\":{},"
                + "\"waves\":[50,40],\"failureThreshold\":120,\"maxConcurrent\":0}"), 400, "name", "target", "waves[1]",
                "failureThreshold", "maxConcurrent");
        assertProblem(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"nope\",\"target\":"
                + "{\"deviceType\":\"tracker\"}}"), 400, "firmwareId");
        assertProblem(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"" + v2.id() + "\",\"target\":"
                + "{\"deviceType\":\"tracker\"},\"deviceWaitSeconds\":0}"), 400, "deviceWaitSeconds");
        JsonNode waiting = WebFixture.json(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"" + v2.id()
                + "\",\"target\":{\"deviceType\":\"tracker\"},\"deviceWaitSeconds\":7200}"));
        assertThat(waiting.path("deviceWaitSeconds").asLong()).isEqualTo(7200);
        assertThat(campaign(waiting.path("id").asText()).path("deviceWaitSeconds").asLong()).isEqualTo(7200);
        assertThat(WebFixture.json(post("/api/v1/campaigns", body("{\"deviceType\":\"tracker\"}", false)))
                .path("deviceWaitSeconds").asLong()).as("default 24 h").isEqualTo(86400);
        assertProblem(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"" + v2.id() + "\",\"target\":"
                + "{\"deviceType\":\"tracker\"},\"window\":{\"from\":\"25:00\",\"to\":\"06:00\","
                + "\"zone\":\"Europe/Atlantis\"}}"), 400, "window.from", "window.zone");
        assertProblem(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"" + v2.id() + "\",\"target\":"
                + "{\"deviceType\":\"tracker\"},\"window\":{\"from\":\"22:00\",\"to\":\"6h\","
                + "\"days\":[\"SUNDAY\",\"NOPEDAY\"]}}"), 400, "window.to", "window.days[1]");
        JsonNode windowed = WebFixture.json(post("/api/v1/campaigns", "{\"name\":\"x\",\"firmwareId\":\"" + v2.id()
                + "\",\"target\":{\"deviceType\":\"tracker\"},\"window\":{\"from\":\"22:00\",\"to\":\"04:00\","
                + "\"days\":[\"saturday\"]}}"));
        JsonNode window = campaign(windowed.path("id").asText()).path("window");
        assertThat(window.path("from").asText()).isEqualTo("22:00");
        assertThat(window.path("to").asText()).isEqualTo("04:00");
        assertThat(window.path("days").get(0).asText()).isEqualTo("SATURDAY");
        assertThat(window.path("zone").asText()).as("default zone").isEqualTo("UTC");
        assertThat(waiting.has("window")).as("no window, none shown").isFalse();
        assertProblem(post("/api/v1/campaigns", null), 400, "body");
        assertProblem(get("/api/v1/campaigns/0000000000000000"), 404);
        assertProblem(post("/api/v1/campaigns/0000000000000000/start", null), 404);
        String id = WebFixture.json(post("/api/v1/campaigns", body("{\"deviceType\":\"tracker\"}", false)))
                .path("id").asText();
        assertProblem(get("/api/v1/campaigns/" + id + "/devices?status=bogus&limit=0"), 400, "status", "limit");
        assertProblem(post("/api/v1/campaigns/" + id + "/resume", null), 409);
    }
}
