// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.demo.DemoFleet;
import org.motehub.demo.PskKeys;
import org.motehub.demo.firmware.FirmwareKeys;
import org.motehub.model.device.NewDevice;
import org.motehub.model.firmware.Firmware;
import org.motehub.server.app.MotehubTestServer.Response;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code motehub demo} prepares for firmware updates, on the real server: the demo key is generated once and
 * trusted, the signed demo images are in the repository, and the campaign of the line the demo prints runs to
 * completion over a demo fleet (real Leshan clients with object 5 that check the image's signature).
 */
class DemoFirmwareIT {

    private static final byte[] SEED = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @TempDir
    Path dir;

    private MotehubTestServer server;
    private DemoFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.stop(false);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_demo_image_is_uploaded_once_and_the_printed_campaign_updates_the_demo_fleet() throws Exception {
        server = new MotehubTestServer(dir);
        MotehubServer motehub = server.server();
        Path keysDir = motehub.settings().firmwareKeysDir();

        DemoFirmware firmware = DemoFirmware.prepare(dir, keysDir);
        Firmware image = firmware.uploadImages(motehub.firmware());

        // a second run reuses the key and the images
        DemoFirmware again = DemoFirmware.prepare(dir, keysDir);
        assertThat(again.publicKey()).isEqualTo(firmware.publicKey());
        assertThat(again.uploadImages(motehub.firmware()).id()).isEqualTo(image.id());
        assertThat(Files.readString(keysDir.resolve("motehub-demo.pem")))
                .isEqualTo(FirmwareKeys.toPem(firmware.publicKey()));
        assertThat(dir.resolve("demo-firmware/firmware.key")).isRegularFile();

        JsonNode listed = server.get("/api/v1/firmware?deviceType=demo-sensor").json().path("items");
        assertThat(listed).hasSize(2);
        assertThat(listed.findValuesAsText("version")).containsExactly("1.0.0", "1.1.0");
        assertThat(listed.findValuesAsText("signingKeyId")).containsOnly("motehub-demo");
        assertThat(image.version()).isEqualTo("1.1.0");
        assertThat(image.fromVersions()).containsExactly("1.0.0");

        fleet = DemoFleet.builder().serverUri(server.coapsUri()).bootstrap(false).devices(3).pskSeed(SEED)
                .firmware(firmware.fleetFirmware()).build();
        for (String endpoint : fleet.endpoints()) {
            motehub.devices().create(new NewDevice(endpoint, "Demo sensor " + endpoint, "demo-sensor",
                    new NewDevice.CredentialsInput("PSK", fleet.pskIdentity(endpoint).orElseThrow(),
                            HexFormat.of().formatHex(PskKeys.derive(SEED, endpoint))), null));
        }
        fleet.start();
        assertThat(fleet.awaitRegistered(Duration.ofSeconds(30))).isTrue();

        // exactly the request of the line the demo logs
        String line = DemoFirmware.howToTry(motehub.httpUri(), image);
        Matcher body = Pattern.compile("-d '(\\{.*\\})'$").matcher(line);
        assertThat(body.find()).as(line).isTrue();
        Response created = server.post("/api/v1/campaigns", body.group(1));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        assertThat(created.json().at("/totals/total").asInt()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> server
                .get("/api/v1/campaigns/" + id).json().path("state").asText().matches("COMPLETED|ABORTED"));
        JsonNode done = server.get("/api/v1/campaigns/" + id).json();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/totals/succeeded").asInt()).as(done.toString()).isEqualTo(3);
        for (String endpoint : fleet.endpoints()) {
            assertThat(server.get("/api/v1/devices/" + endpoint).json().at("/firmware/version").asText())
                    .isEqualTo("1.1.0");
        }
    }
}
