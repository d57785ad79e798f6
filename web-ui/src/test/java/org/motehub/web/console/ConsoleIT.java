// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.WebFixture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's static files, and the console itself in a real headless Chromium. Without Chromium the browser test
 * is skipped, except on CI ({@code CI=true}) where it fails.
 */
class ConsoleIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleIT.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long BROWSER_TIMEOUT_SECONDS = 90;

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

    @Test
    void headless_chromium_shows_both_devices_in_the_table() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is not installed, and CI=true requires the browser test to run");
            }
            Assumptions.abort(CHROMIUM + " is not installed: apt-get install chromium to run this test");
        }
        assertThat(web.createDevice("sensor-alpha").statusCode()).isEqualTo(201);
        assertThat(web.createDevice("sensor-beta").statusCode()).isEqualTo(201);
        web.devices().registered("sensor-beta", java.time.Instant.now());

        String dom = dumpDom(web.server().uri().toString());

        Matcher rows = Pattern.compile("<tbody id=\"device-rows\">(.*?)</tbody>", Pattern.DOTALL).matcher(dom);
        assertThat(rows.find()).as("the device table body in %s", dom).isTrue();
        assertThat(rows.group(1)).contains("<td>sensor-alpha</td>", "<td>sensor-beta</td>", "PROVISIONING",
                "ACTIVE", "online");
    }

    /** Loads {@code url} in headless Chromium and returns the DOM after its scripts ran. */
    private String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url);
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        try {
            if (!chromium.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + BROWSER_TIMEOUT_SECONDS + " s; its log:\n"
                        + Files.readString(err, UTF_8));
            }
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        LOG.debug("chromium exited with [{}]; log:\n{}", chromium.exitValue(), Files.readString(err, UTF_8));
        assertThat(chromium.exitValue()).as("chromium exit code; log:\n%s", Files.readString(err, UTF_8))
                .isZero();
        return Files.readString(out, UTF_8);
    }
}
