// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.ProfileInput;
import org.motehub.model.telemetry.TelemetryPoint;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** The telemetry API over real HTTP: JSON and CSV, paging, latest values, fleet aggregates and every 400. */
class TelemetryApiIT {

    private static final String TEMP = "/3303/0/5700";

    @TempDir
    Path dir;

    private WebFixture web;
    /** A whole hour two hours ago, so that buckets are predictable. */
    private Instant base;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
        base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        web.createDevice("dev-1");
        web.createDevice("dev-2");
        web.createDevice("dev-3");
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private void ingest(String endpoint, String path, long secondsAfterBase, Object value) {
        web.telemetry().ingest(endpoint, List.of(new TelemetryPoint(path, base.plusSeconds(secondsAfterBase), value)));
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String window() {
        return "&from=" + q(base.toString()) + "&to=" + q(base.plus(Duration.ofHours(2)).toString());
    }

    private HttpResponse<String> csv(String path) {
        return web.send(web.request(path).header("Accept", "text/csv"));
    }

    @Test
    void raw_points_answer_json_in_time_order_with_iso_times_and_their_own_types() {
        ingest("dev-1", TEMP, 20, 21.5);
        ingest("dev-1", TEMP, 10, 20L);
        ingest("dev-1", "/3/0/13", 5, Instant.parse("2026-01-01T00:00:00Z"));
        ingest("dev-1", "/3/0/0", 5, "Acme, \"Inc\"");

        HttpResponse<String> r = web.get("/api/v1/devices/dev-1/telemetry?path=" + q(TEMP) + window());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
        JsonNode body = WebFixture.json(r);
        assertThat(body.path("endpoint").asText()).isEqualTo("dev-1");
        assertThat(body.path("step").asText()).isEqualTo("raw");
        assertThat(body.path("items")).hasSize(2);
        assertThat(body.path("items").get(0).path("time").asText()).isEqualTo(base.plusSeconds(10).toString());
        assertThat(body.path("items").get(0).path("value").isIntegralNumber()).isTrue();
        assertThat(body.path("items").get(1).path("value").asDouble()).isEqualTo(21.5);
        assertThat(body.path("nextCursor").isNull()).isTrue();
        JsonNode time = WebFixture.json(web.get("/api/v1/devices/dev-1/telemetry?path=/3/0/13" + window()));
        assertThat(time.path("items").get(0).path("value").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void rollups_answer_the_aggregations_asked_for_per_bucket() {
        for (int i = 0; i < 10; i++) {
            ingest("dev-1", TEMP, i * 30L, (double) i);
        }

        JsonNode all = WebFixture.json(web.get("/api/v1/devices/dev-1/telemetry?step=1m&path=" + q(TEMP)
                + window()));
        JsonNode some = WebFixture.json(web.get("/api/v1/devices/dev-1/telemetry?step=5m&agg=max,count&agg=avg"
                + "&path=" + q(TEMP) + window()));

        assertThat(all.path("items")).hasSize(5);
        JsonNode first = all.path("items").get(0);
        assertThat(first.path("time").asText()).isEqualTo(base.toString());
        assertThat(first.path("avg").asDouble()).isEqualTo(0.5);
        assertThat(first.path("min").asDouble()).isEqualTo(0.0);
        assertThat(first.path("max").asDouble()).isEqualTo(1.0);
        assertThat(first.path("sum").asDouble()).isEqualTo(1.0);
        assertThat(first.path("count").asLong()).isEqualTo(2);
        JsonNode bucket = some.path("items").get(0);
        assertThat(some.path("items")).hasSize(1);
        assertThat(bucket.path("max").asDouble()).isEqualTo(9.0);
        assertThat(bucket.path("count").asLong()).isEqualTo(10);
        assertThat(bucket.path("avg").asDouble()).isEqualTo(4.5);
        assertThat(bucket.has("min")).isFalse();
        assertThat(bucket.has("sum")).isFalse();
    }

    @Test
    void pages_follow_the_next_cursor_until_the_window_is_read() {
        for (int i = 0; i < 23; i++) {
            ingest("dev-1", TEMP, i, (double) i);
        }
        List<Double> values = new ArrayList<>();
        String url = "/api/v1/devices/dev-1/telemetry?limit=10&path=" + q(TEMP) + window();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = WebFixture.json(web.get(url + (cursor.isEmpty() ? "" : "&cursor=" + q(cursor))));
            page.path("items").forEach(i -> values.add(i.path("value").asDouble()));
            cursor = page.path("nextCursor").asText("");
            pages++;
        } while (!cursor.isEmpty() && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(values).hasSize(23).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void csv_export_has_a_header_quoted_fields_and_the_next_page_in_a_link() {
        for (int i = 0; i < 3; i++) {
            ingest("dev-1", "/3/0/0", i, i == 1 ? "on, \"really\"" : "off");
        }
        ingest("dev-1", TEMP, 0, 1.5);
        ingest("dev-1", TEMP, 70, 2.5);

        HttpResponse<String> page1 = csv("/api/v1/devices/dev-1/telemetry?path=/3/0/0&limit=2" + window());
        HttpResponse<String> rollups = csv("/api/v1/devices/dev-1/telemetry?path=" + q(TEMP) + "&step=1m"
                + "&agg=min,count" + window());

        assertThat(page1.statusCode()).isEqualTo(200);
        assertThat(page1.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "text/csv"));
        assertThat(page1.body()).isEqualTo("time,value\r\n" + base + ",off\r\n" + base.plusSeconds(1)
                + ",\"on, \"\"really\"\"\"\r\n");
        Matcher link = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(page1.headers().firstValue("Link")
                .orElseThrow());
        assertThat(link.find()).isTrue();
        HttpResponse<String> page2 = web.send(web.request(URI.create(link.group(1)).getRawPath() + "?"
                + URI.create(link.group(1)).getRawQuery()).header("Accept", "text/csv"));
        assertThat(page2.body()).isEqualTo("time,value\r\n" + base.plusSeconds(2) + ",off\r\n");
        assertThat(page2.headers().firstValue("Link")).isEmpty();
        assertThat(rollups.body()).isEqualTo("time,min,count\r\n" + base + ",1.5,1\r\n" + base.plusSeconds(60)
                + ",2.5,1\r\n");
    }

    @Test
    void latest_answers_the_last_value_of_every_path_as_json_or_csv() {
        ingest("dev-1", TEMP, 10, 21.0);
        ingest("dev-1", TEMP, 20, 22.0);
        ingest("dev-1", TEMP, 5, 19.0);
        ingest("dev-1", "/3/0/9", 1, 80L);

        JsonNode json = WebFixture.json(web.get("/api/v1/devices/dev-1/telemetry/latest"));
        HttpResponse<String> csv = csv("/api/v1/devices/dev-1/telemetry/latest");

        assertThat(json.path("items")).hasSize(2);
        assertThat(json.path("items").get(0).path("path").asText()).isEqualTo("/3/0/9");
        assertThat(json.path("items").get(1).path("value").asDouble()).isEqualTo(22.0);
        assertThat(csv.body()).isEqualTo("path,time,value\r\n/3/0/9," + base.plusSeconds(1) + ",80\r\n" + TEMP + ","
                + base.plusSeconds(20) + ",22.0\r\n");
        assertThat(WebFixture.json(web.get("/api/v1/devices/dev-2/telemetry/latest")).path("items")).isEmpty();
    }

    @Test
    void fleet_queries_merge_devices_filtered_by_endpoints_or_profile() {
        ingest("dev-1", TEMP, 0, 10.0);
        ingest("dev-2", TEMP, 60, 20.0);
        ingest("dev-3", TEMP, 120, 60.0);
        web.profiles().create(new ProfileInput("sensors", null, List.of(ObservedPath.of("/3/0/9")), null, null, null,
                null));
        web.profiles().assign("dev-2", "sensors");
        web.profiles().assign("dev-3", "sensors");
        String fleet = "/api/v1/telemetry?path=" + q(TEMP) + "&agg=avg,min,max,count" + window();

        JsonNode all = WebFixture.json(web.get(fleet));
        JsonNode listed = WebFixture.json(web.get(fleet + "&endpoints=dev-1,dev-2&step=5m"));
        JsonNode profile = WebFixture.json(web.get(fleet + "&profile=sensors"));
        HttpResponse<String> csv = csv(fleet + "&profile=sensors");

        assertThat(all.path("step").asText()).isEqualTo("1h");
        assertThat(all.path("items")).hasSize(1);
        assertThat(all.path("items").get(0).path("devices").asInt()).isEqualTo(3);
        assertThat(all.path("items").get(0).path("avg").asDouble()).isEqualTo(30.0);
        assertThat(listed.path("items").get(0).path("max").asDouble()).isEqualTo(20.0);
        assertThat(listed.path("items").get(0).path("devices").asInt()).isEqualTo(2);
        assertThat(profile.path("items").get(0).path("min").asDouble()).isEqualTo(20.0);
        assertThat(csv.body()).isEqualTo("time,devices,avg,min,max,count\r\n" + base + ",2,40.0,20.0,60.0,2\r\n");
    }

    @Test
    void every_bad_parameter_is_a_400_naming_it() {
        ingest("dev-1", TEMP, 0, 1.0);
        String series = "/api/v1/devices/dev-1/telemetry?path=" + q(TEMP);

        assertProblem(web.get(series + "&step=2m"), 400, "step");
        assertProblem(web.get(series + "&step=1m&agg=median"), 400, "agg");
        assertProblem(web.get(series + "&agg=avg"), 400, "agg");
        assertProblem(web.get(series + "&from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z"), 400, "from");
        assertProblem(web.get(series + "&from=yesterday"), 400, "from");
        assertProblem(web.get(series + "&to=2026-13-01T00:00:00Z"), 400, "to");
        assertProblem(web.get(series + "&limit=0"), 400, "limit");
        assertProblem(web.get(series + "&limit=many"), 400, "limit");
        assertProblem(web.get(series + "&cursor=%25%25"), 400, "cursor");
        assertProblem(web.get(series + "&cursor=bm90LWEtbnVtYmVy"), 400, "cursor");
        assertProblem(web.get("/api/v1/devices/dev-1/telemetry"), 400, "path");
        assertProblem(web.get("/api/v1/devices/dev-1/telemetry?path=/3303/0"), 400, "path");
        assertProblem(web.get("/api/v1/devices/dev-1/telemetry?path=/3303/0/5701"), 400, "path");
        assertProblem(web.get(series + "&step=fast&agg=bad&from=x"), 400, "step", "agg", "from");
        assertProblem(csv(series + "&step=2m"), 400, "step");
        assertProblem(web.get("/api/v1/telemetry?path=" + q(TEMP) + "&step=raw"), 400, "step");
        assertProblem(web.get("/api/v1/telemetry?path=/3303/0/5701"), 400, "path");
        assertProblem(web.get("/api/v1/telemetry"), 400, "path");
        assertProblem(web.get("/api/v1/telemetry?path=" + q(TEMP) + "&profile=nope"), 400, "profile");
        assertProblem(web.get("/api/v1/telemetry?path=" + q(TEMP) + "&step=1m&from=2026-01-01T00:00:00Z"), 400,
                "step");
    }

    @Test
    void a_window_holding_more_than_the_unpaged_limit_asks_for_paging() {
        List<TelemetryPoint> points = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            points.add(new TelemetryPoint(TEMP, base.plusMillis(i * 500L), (double) i));
        }
        web.telemetry().ingest("dev-1", points);
        String series = "/api/v1/devices/dev-1/telemetry?path=" + q(TEMP) + window();

        JsonNode problem = assertProblem(web.get(series), 400, "limit");

        assertThat(problem.path("errors").get(0).path("message").asText()).contains("10000");
        assertThat(WebFixture.json(web.get(series + "&limit=1000")).path("items")).hasSize(1000);
        assertThat(WebFixture.json(web.get(series + "&step=1m")).path("items")).hasSize(84);
    }

    @Test
    void an_unknown_device_is_404_for_json_and_csv() {
        assertProblem(web.get("/api/v1/devices/ghost/telemetry?path=" + q(TEMP)), 404);
        assertProblem(web.get("/api/v1/devices/ghost/telemetry/latest"), 404);
        assertProblem(csv("/api/v1/devices/ghost/telemetry/latest"), 404);
    }
}
