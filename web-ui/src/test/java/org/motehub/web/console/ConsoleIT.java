// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.web.testing.TestSigner;
import org.motehub.web.testing.WebFixture;

/**
 * The console's static files, and the console itself in a real headless Chromium driven over the DevTools protocol
 * (clicks, live events, the DOM read back). Without Chromium the browser tests are skipped, except on CI
 * ({@code CI=true}) where they fail.
 */
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private WebFixture web;

    @BeforeEach
    void start() throws IOException {
        web = WebFixture.start(Files.createDirectory(dir.resolve("db")));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void root_serves_the_console_page() {
        HttpResponse<String> page = web.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.body()).contains("<table id=\"device-table\"", "app.js", "app.css");
        assertThat(web.get("/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void script_and_style_are_served_with_their_types() {
        HttpResponse<String> script = web.get("/app.js");
        HttpResponse<String> style = web.get("/app.css");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));
        assertThat(script.body()).contains("refreshDevices");
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/css"));
    }

    @Test
    void only_console_files_are_served() {
        assertProblem(web.get("/missing.js"), 404);
        assertProblem(web.get("/logback-test.xml"), 404);
        assertProblem(web.get("/org/motehub/web/version.properties"), 404);
        // refused by Jetty itself, before Jersey: still a problem document
        assertProblem(web.get("/%2e%2e/pom.xml"), 400);
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is not installed, and CI=true requires the browser test to run");
            }
            Assumptions.abort(CHROMIUM + " is not installed: apt-get install chromium to run this test");
        }
    }

    @Test
    void headless_chromium_shows_both_devices_in_the_table() throws Exception {
        requireChromium();
        assertThat(web.createDevice("sensor-alpha").statusCode()).isEqualTo(201);
        assertThat(web.createDevice("sensor-beta").statusCode()).isEqualTo(201);
        web.devices().registered("sensor-beta", java.time.Instant.now());

        try (HeadlessChromium browser = HeadlessChromium.start(CHROMIUM, dir)) {
            browser.navigate(web.server().uri().toString());
            browser.waitFor("two device rows", "document.querySelectorAll('#device-rows tr').length === 2");
            String rows = browser.evaluate("document.getElementById('device-rows').innerHTML").asText();
            assertThat(rows).contains("<td>sensor-alpha</td>", "<td>sensor-beta</td>", "PROVISIONING",
                    "ACTIVE", "online");
        }
    }

    @Test
    void headless_chromium_follows_presence_and_state_through_the_event_stream() throws Exception {
        requireChromium();
        assertThat(web.createDevice("sensor-gamma").statusCode()).isEqualTo(201);
        String row = "#device-rows tr[data-endpoint='sensor-gamma'] ";

        try (HeadlessChromium browser = HeadlessChromium.start(CHROMIUM, dir)) {
            browser.navigate(web.server().uri().toString());
            browser.waitFor("the device row", "document.querySelectorAll('#device-rows tr').length === 1");
            assertThat(browser.text(row)).contains("PROVISIONING", "offline");
            browser.waitFor("the event stream", "document.getElementById('live').textContent === '● live'");

            // the table is listed again only every 30 s while live: within 10 s, only the stream can bring these
            Awaitility.await("online and ACTIVE in the row").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(300)).until(() -> {
                        web.devices().registered("sensor-gamma", Instant.now());
                        return browser.text(row).contains("online") && browser.text(row).contains("ACTIVE");
                    });
            Awaitility.await("offline in the row").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(300)).until(() -> {
                        web.devices().expired("sensor-gamma", Instant.now());
                        return browser.text(row).contains("offline");
                    });
            assertThat(browser.text(row)).contains("ACTIVE");
        }
    }

    @Test
    void headless_chromium_shows_firmware_blocks_a_version_and_follows_and_pauses_a_campaign() throws Exception {
        requireChromium();
        TestSigner key = TestSigner.trustedIn(web.firmwareKeys(), "release.pem");
        String old = upload(key, "1.0.0", "");
        String target = upload(key, "1.1.0", "&fromVersion=1.0.0");
        List<String> endpoints = List.of("sensor-1", "sensor-2", "sensor-3");
        for (String endpoint : endpoints) {
            String json = web.newDeviceJson(endpoint).replace("\"name\":", "\"type\":\"demo-sensor\",\"name\":");
            assertThat(web.post("/api/v1/devices", json).statusCode()).isEqualTo(201);
            web.firmwareVersions().record(endpoint, "1.0.0");
        }

        try (HeadlessChromium browser = HeadlessChromium.start(CHROMIUM, dir)) {
            // the firmware view lists both images with their facts
            browser.navigate(web.server().uri() + "#firmware");
            browser.waitFor("two firmware rows", "document.querySelectorAll('#firmware-rows tr').length === 2");
            String row = browser.text("#firmware-rows tr[data-id='" + target + "']");
            String sha256 = WebFixture.json(web.get("/api/v1/firmware/" + target)).path("sha256").asText();
            assertThat(row).contains("1.1.0", "demo-sensor", "8.0 KiB", sha256.substring(0, 12), "release (Ed25519)",
                    "no");
            assertThat(browser.text("#nav-firmware.current")).isEqualTo("Firmware");

            // blocking without a reason: the server's problem naming the field is shown; with one, it is blocked
            String oldRow = "#firmware-rows tr[data-id='" + old + "'] ";
            browser.click(oldRow + ".fw-block");
            browser.click(oldRow + ".fw-confirm-block");
            browser.waitFor("the problem shown", "!document.getElementById('message').hidden");
            assertThat(browser.text("#message")).contains("blockedReason");
            browser.evaluate("document.querySelector(" + HeadlessChromium.quote(oldRow + ".fw-reason")
                    + ").value = 'bricks the radio'");
            browser.click(oldRow + ".fw-confirm-block");
            browser.waitFor("the block shown", "document.querySelector(" + HeadlessChromium.quote(oldRow
                    + ".blocked-cell") + ").textContent.includes('bricks the radio')");
            assertThat(WebFixture.json(web.get("/api/v1/firmware/" + old)).path("blocked").asBoolean()).isTrue();
            assertThat(browser.text(oldRow + ".fw-unblock")).isEqualTo("Unblock");

            // a running campaign over the three devices, one at a time
            HttpResponse<String> created = web.post("/api/v1/campaigns", "{\"name\":\"console roll-out\","
                    + "\"firmwareId\":\"" + target + "\",\"target\":{\"deviceType\":\"demo-sensor\"},\"waves\":[100],"
                    + "\"maxConcurrent\":1,\"start\":true}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String campaign = WebFixture.json(created).path("id").asText();
            browser.evaluate("location.hash = " + HeadlessChromium.quote("#campaign=" + campaign));
            browser.waitFor("the campaign panel", "document.getElementById('campaign-panel').dataset.state"
                    + " === 'RUNNING' && document.querySelectorAll('#campaign-device-rows tr').length === 3");
            String listed = browser.text("#campaign-rows tr[data-id='" + campaign + "']");
            assertThat(listed).contains("console roll-out", "1.1.0", "RUNNING", "0% · 0/3", "1 / 1");
            assertThat(browser.text("#campaign-facts")).contains("device type demo-sensor", "100% (3 devices)");
            assertThat(browser.evaluate("document.getElementById('campaign-pause').disabled").asBoolean()).isFalse();
            assertThat(browser.evaluate("document.getElementById('campaign-resume').disabled").asBoolean()).isTrue();

            // live: a device's download progress arrives through the event stream (no polling while it is open)
            browser.waitFor("the event stream", "document.getElementById('live').textContent === '● live'");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !web.firmwareUpdates().allUnfinished()
                    .isEmpty());
            FirmwareUpdate update = web.firmwareUpdates().allUnfinished().get(0);
            String deviceRow = "#campaign-device-rows tr[data-endpoint='" + update.endpoint() + "'] ";
            int[] percent = { 39 };
            Awaitility.await("download progress in the device row").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(300)).until(() -> {
                        int p = ++percent[0];
                        web.firmwareUpdates().transition(update.id(), u -> new FirmwareUpdate(u.id(), u.endpoint(),
                                u.firmwareId(), u.targetVersion(), u.campaignId(), FirmwareUpdate.Delivery.PULL,
                                FirmwareUpdateStatus.DOWNLOADING, p, u.previousVersion(), null, null, u.createdAt(),
                                u.updatedAt(), u.deadline()));
                        return "DOWNLOADING".equals(browser.text(deviceRow + ".step"))
                                && browser.text(deviceRow + ".percent").matches("(39|[4-9]\\d)%");
                    });

            // pause from the console
            browser.click("#campaign-pause");
            browser.waitFor("the campaign paused", "document.getElementById('campaign-panel').dataset.state"
                    + " === 'PAUSED' && !document.getElementById('campaign-resume').disabled");
            assertThat(WebFixture.json(web.get("/api/v1/campaigns/" + campaign)).path("state").asText())
                    .isEqualTo("PAUSED");
            assertThat(browser.text("#message")).contains("Paused");
            assertThat(browser.evaluate("document.getElementById('campaign-pause').disabled").asBoolean()).isTrue();
            browser.waitFor("the list row paused", "document.querySelector(\"#campaign-rows tr[data-id='" + campaign
                    + "']\").textContent.includes('PAUSED')");

            // a draft from the console's form, for one device
            browser.evaluate("location.hash = '#campaigns'");
            browser.waitFor("the firmware choices", "document.querySelector(\"#campaign-form option[value='" + target
                    + "']\")");
            browser.evaluate("(() => { const f = document.getElementById('campaign-form').elements;"
                    + " f.namedItem('name').value = 'draft from console';"
                    + " f.namedItem('firmwareId').value = " + HeadlessChromium.quote(target) + ";"
                    + " f.namedItem('endpoints').value = 'sensor-2'; f.namedItem('start').checked = false;"
                    + " document.getElementById('campaign-form').requestSubmit(); })()");
            browser.waitFor("the draft shown", "document.getElementById('campaign-title').textContent"
                    + " === 'draft from console'"
                    + " && document.getElementById('campaign-panel').dataset.state === 'DRAFT'");
            assertThat(browser.evaluate("document.getElementById('campaign-start').disabled").asBoolean()).isFalse();
            assertThat(browser.text("#campaign-facts")).contains("1 device: sensor-2");
            assertThat(web.get("/api/v1/campaigns").body()).contains("draft from console");

            // the device panel shows its version, the block and its current update
            browser.evaluate("location.hash = " + HeadlessChromium.quote("#device=" + update.endpoint()));
            browser.waitFor("the device's firmware", "document.getElementById('device-firmware').textContent"
                    + ".includes('Current update')");
            assertThat(browser.text("#device-firmware")).contains("demo-sensor", "1.0.0", "blocked: bricks the radio",
                    "DOWNLOADING", "→ 1.1.0");
        }
    }

    /** Uploads a random 8 KiB image of {@code version} for demo-sensor, signed with {@code key}; @return its id. */
    private String upload(TestSigner key, String version, String query) throws Exception {
        byte[] image = new byte[8192];
        new SecureRandom().nextBytes(image);
        HttpResponse<String> r = web.send(web.request("/api/v1/firmware?version=" + version
                + "&deviceType=demo-sensor" + query).header("Content-Type", "application/octet-stream")
                .header("Motehub-Signature", key.sign(image))
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return WebFixture.json(r).path("id").asText();
    }
}
