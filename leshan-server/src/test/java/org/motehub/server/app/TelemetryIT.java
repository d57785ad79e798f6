// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.telemetry.TelemetryPoint;

import com.fasterxml.jackson.databind.JsonNode;

/** The time series in the real assembly: queried over HTTP, kept across a clean restart and a crash, in health. */
class TelemetryIT {

    private static final String TEMP = "/3303/0/5700";

    @TempDir
    Path dir;

    private MotehubTestServer server;
    private Instant base;

    @BeforeEach
    void start() throws Exception {
        server = new MotehubTestServer(dir);
        server.createDevice("dev-1");
        base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void ingest(int from, int to) {
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = from; i < to; i++) {
            points.add(new TelemetryPoint(TEMP, base.plusSeconds(i * 20L), 20.0 + (i % 7) * 0.25));
        }
        server.server().telemetry().ingest("dev-1", points);
    }

    private JsonNode minutes() throws Exception {
        MotehubTestServer.Response r = server.get("/api/v1/devices/dev-1/telemetry?path=" + TEMP + "&step=1m&from="
                + base + "&to=" + base.plus(Duration.ofHours(3)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("items");
    }

    @Test
    void rollups_answer_the_same_after_a_clean_restart_and_after_a_crash() throws Exception {
        ingest(0, 300);
        JsonNode before = minutes();
        assertThat(before).hasSize(100);
        assertThat(before.get(0).path("count").asLong()).isEqualTo(3);

        server.restart();

        assertThat(minutes()).isEqualTo(before);
        ingest(300, 450);
        JsonNode more = minutes();
        server.crashAndRestart();

        assertThat(minutes()).isEqualTo(more).hasSize(150);
        assertThat(server.get("/api/v1/devices/dev-1/telemetry?path=" + TEMP + "&from=" + base + "&to="
                + base.plus(Duration.ofHours(3))).json().path("items")).hasSize(450);
    }

    @Test
    void health_shows_disk_use_per_column_family_and_the_telemetry_counters() throws Exception {
        ingest(0, 50);

        JsonNode health = server.get("/api/v1/health").json();

        assertThat(health.path("diskBytes").asLong()).isPositive();
        assertThat(health.path("diskBytesByColumnFamily").path("telemetry").asLong()).isPositive();
        assertThat(health.path("diskBytesByColumnFamily").has("rollups")).isTrue();
        assertThat(health.path("diskBytesByColumnFamily").has("devices")).isTrue();
        assertThat(health.path("telemetry").path("pointsStored").asLong()).isEqualTo(50);
    }
}
