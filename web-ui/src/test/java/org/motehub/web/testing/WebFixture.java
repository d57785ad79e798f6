// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.motehub.model.bootstrap.DefaultBootstrapService;
import org.motehub.model.campaign.CampaignRunner;
import org.motehub.model.campaign.DefaultCampaignService;
import org.motehub.model.command.DefaultCommandService;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.firmware.DefaultFirmwareRepository;
import org.motehub.model.firmware.DefaultFirmwareUpdateService;
import org.motehub.model.firmware.SignatureVerifier;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.firmware.TrustedKeys;
import org.motehub.model.profile.DefaultProfileService;
import org.motehub.model.profile.ProfileContentFormat;
import org.motehub.model.profile.ProfileRules;
import org.motehub.model.provisioning.DefaultProvisioningService;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbBootstrapStore;
import org.motehub.model.rocksdb.RocksDbCampaignStore;
import org.motehub.model.rocksdb.RocksDbCommandStore;
import org.motehub.model.rocksdb.RocksDbDeviceFirmwareVersions;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareStore;
import org.motehub.model.rocksdb.RocksDbFirmwareUpdateStore;
import org.motehub.model.rocksdb.RocksDbProfileStore;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.telemetry.DefaultTelemetryService;
import org.motehub.model.rocksdb.RocksDbProvisioningStore;
import org.motehub.web.WebServer;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web-ui under test, for real: RocksDB in a temporary folder, the model's default services, a fake LwM2M server
 * for the lookups it owns, and the {@link WebServer} on a free loopback port, spoken to over HTTP. It records every
 * response body so a test can prove that no PSK key ever leaves the server.
 */
public final class WebFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MotehubDb db;
    private final RocksDbDeviceStore deviceStore;
    private final DefaultDeviceService devices;
    private final DefaultCommandService commands;
    private final ObservedCommandService observedCommands;
    private final DefaultProfileService profiles;
    private final DefaultTelemetryService telemetry;
    private final DefaultBootstrapService bootstrap;
    private final DefaultProvisioningService provisioning;
    private final Path firmwareKeys;
    private final Path uploadDir;
    private final DefaultFirmwareRepository firmware;
    private final RocksDbDeviceFirmwareVersions firmwareVersions;
    private final DefaultFirmwareUpdateService firmwareUpdates;
    private final DefaultCampaignService campaigns;
    private final CampaignRunner campaignRunner;
    private final FakeLwM2mServer lwm2m = new FakeLwM2mServer();
    private final WebServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** Largest firmware image the fixture accepts. */
    public static final long FIRMWARE_MAX_BYTES = 1 << 20;

    private WebFixture(Path dir) {
        db = MotehubDb.open(dir);
        firmwareKeys = dir.resolve("firmware-keys");
        uploadDir = dir.resolve("uploads");
        firmware = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db), new SignatureVerifier(
                () -> TrustedKeys.load(firmwareKeys), SigningMode.REQUIRED), FIRMWARE_MAX_BYTES, 4L << 20,
                Clock.systemUTC());
        deviceStore = new RocksDbDeviceStore(db);
        devices = new DefaultDeviceService(deviceStore, Clock.systemUTC());
        commands = new DefaultCommandService(new RocksDbCommandStore(db), devices, Clock.systemUTC());
        observedCommands = new ObservedCommandService(commands);
        profiles = new DefaultProfileService(new RocksDbProfileStore(db), devices, new ProfileRules(new StaticModel(
                ObjectLoader.loadAllDefault()), EnumSet.of(ProfileContentFormat.TLV, ProfileContentFormat.SENML_JSON,
                        ProfileContentFormat.SENML_CBOR)), Clock.systemUTC());
        telemetry = DefaultTelemetryService.builder().store(new RocksDbTelemetryStore(db)).build();
        bootstrap = new DefaultBootstrapService(deviceStore, new RocksDbBootstrapStore(db), commands, lwm2m,
                Clock.systemUTC(), 16);
        provisioning = new DefaultProvisioningService(deviceStore, new RocksDbProvisioningStore(db),
                Clock.systemUTC(), 16);
        firmwareVersions = new RocksDbDeviceFirmwareVersions(db);
        firmwareUpdates = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices, firmware,
                firmwareVersions, Clock.systemUTC());
        campaigns = new DefaultCampaignService(new RocksDbCampaignStore(db), devices, firmware, firmwareUpdates,
                firmwareVersions, Clock.systemUTC());
        campaignRunner = new CampaignRunner(campaigns, Duration.ofMillis(100));
        campaignRunner.start();
        server = WebServer.builder()
                .port(0)
                .deviceService(devices)
                .commandService(observedCommands)
                .registrationLookup(lwm2m)
                .objectsLookup(lwm2m)
                .pskIdentityLookup(endpoint -> deviceStore.findCredentials(endpoint).map(PskCredentials::identity))
                .bootstrapService(bootstrap)
                .provisioningService(provisioning)
                .health(() -> Map.of("devices", deviceStore.count()))
                .profileService(profiles)
                .telemetry(telemetry)
                .firmware(firmware)
                .firmwareVersions(firmwareVersions)
                .firmwareUpdates(firmwareUpdates)
                .campaignService(campaigns)
                .uploadDir(uploadDir)
                .build();
        server.start();
    }

    /** Starts everything with its database in {@code dir}. */
    public static WebFixture start(Path dir) {
        return new WebFixture(dir);
    }

    public WebServer server() {
        return server;
    }

    public DefaultDeviceService devices() {
        return devices;
    }

    public DefaultBootstrapService bootstrap() {
        return bootstrap;
    }

    public DefaultProvisioningService provisioning() {
        return provisioning;
    }

    public RocksDbDeviceStore deviceStore() {
        return deviceStore;
    }

    /** Remembers {@code key} (hexadecimal) as a secret that no response may contain. */
    public void secret(String key) {
        keys.add(key.toLowerCase());
    }

    public DefaultCommandService commands() {
        return commands;
    }

    /** @return the profile service (Leshan's core object models, TLV and SenML formats). */
    public DefaultProfileService profiles() {
        return profiles;
    }

    /** @return the time series, on the fixture's RocksDB (rollups flushed on {@link DefaultTelemetryService#flush}). */
    public DefaultTelemetryService telemetry() {
        return telemetry;
    }

    /** @return the command service as the web server sees it, which reports each wait it starts. */
    public ObservedCommandService observedCommands() {
        return observedCommands;
    }

    /** @return the firmware repository: signing required, keys read from {@link #firmwareKeys()} on each upload. */
    public DefaultFirmwareRepository firmware() {
        return firmware;
    }

    /** @return the versions devices reported; a test records one in place of the LwM2M side. */
    public RocksDbDeviceFirmwareVersions firmwareVersions() {
        return firmwareVersions;
    }

    /** @return the per-device firmware updates; no driver runs them, a test moves them with {@code transition}. */
    public DefaultFirmwareUpdateService firmwareUpdates() {
        return firmwareUpdates;
    }

    /** @return the campaigns, run by a runner every 100 ms. */
    public DefaultCampaignService campaigns() {
        return campaigns;
    }

    /** @return the folder of trusted firmware keys (PEM files), empty and absent at first. */
    public Path firmwareKeys() {
        return firmwareKeys;
    }

    /** @return the folder the server spools multipart upload parts into. */
    public Path uploadDir() {
        return uploadDir;
    }

    public FakeLwM2mServer lwm2m() {
        return lwm2m;
    }

    /** @return a key unique to {@code endpoint}: 16 bytes as 32 hexadecimal digits. */
    public static String keyOf(String endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the JSON to create {@code endpoint} with its own identity and key. */
    public String newDeviceJson(String endpoint) {
        return newDeviceJson(endpoint, "id-" + endpoint, keyOf(endpoint));
    }

    /** @return the JSON to create a device; the key is remembered as a secret that no response may contain. */
    public String newDeviceJson(String endpoint, String identity, String key) {
        keys.add(key.toLowerCase());
        return "{\"endpoint\":\"" + endpoint + "\",\"name\":\"Device " + endpoint + "\",\"credentials\":"
                + "{\"type\":\"PSK\",\"identity\":\"" + identity + "\",\"key\":\"" + key + "\"}}";
    }

    /** Creates {@code endpoint} over HTTP. */
    public HttpResponse<String> createDevice(String endpoint) {
        return post("/api/v1/devices", newDeviceJson(endpoint));
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** @return a request to {@code path} (absolute path, e.g. {@code /api/v1/devices}) on the server. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    /** @return the absolute URI of {@code path} on the server. */
    public URI uri(String path) {
        return server.uri().resolve(path);
    }

    /** Sends a request and records the response body. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
            bodies.add(response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request without blocking; the body is recorded when it arrives. */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), BodyHandlers.ofString()).thenApply(r -> {
            bodies.add(r.body());
            return r;
        });
    }

    /** @return the HTTP client, for responses that are not text (downloads). */
    public HttpClient http() {
        return http;
    }

    /** @return every response body received so far. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** @return every PSK key sent so far, lower-case hexadecimal. */
    public Set<String> keys() {
        return Set.copyOf(keys);
    }

    /** @return the body parsed as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
        campaignRunner.stop();
        telemetry.close();
        provisioning.close();
        db.close();
    }
}
