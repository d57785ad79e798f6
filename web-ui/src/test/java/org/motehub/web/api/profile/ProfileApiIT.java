// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;

/** Device profiles over real HTTP, on RocksDB and the model's services: the happy paths and every refusal. */
class ProfileApiIT {

    private static final String THERMO = "{\"name\":\"thermo\",\"deviceType\":\"thermo-v2\",\"observe\":["
            + "{\"path\":\"/3/0/9\",\"pmin\":10,\"pmax\":60,\"st\":2},{\"path\":\"/3/0/7\"}],"
            + "\"compositeObserve\":true,\"contentFormat\":\"SENML_CBOR\",\"queueMode\":false,\"lifetimeSeconds\":300}";

    @TempDir
    Path dir;

    private WebFixture web;

    @BeforeEach
    void start() {
        web = WebFixture.start(dir);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private HttpResponse<String> put(String path, String json, String ifMatch) {
        var request = web.request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return web.send(request);
    }

    private String created(String json) {
        HttpResponse<String> r = web.post("/api/v1/profiles", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void create_answers_201_with_location_etag_and_the_profile() {
        HttpResponse<String> r = web.post("/api/v1/profiles", THERMO);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/profiles/thermo");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode p = WebFixture.json(r);
        assertThat(p.path("name").asText()).isEqualTo("thermo");
        assertThat(p.path("deviceType").asText()).isEqualTo("thermo-v2");
        assertThat(p.path("observe")).hasSize(2);
        assertThat(p.at("/observe/0/path").asText()).isEqualTo("/3/0/9");
        assertThat(p.at("/observe/0/pmin").asLong()).isEqualTo(10);
        assertThat(p.at("/observe/0/st").asDouble()).isEqualTo(2.0);
        assertThat(p.at("/observe/0").has("gt")).isFalse();
        assertThat(p.at("/observe/1").size()).isEqualTo(1);
        assertThat(p.path("compositeObserve").asBoolean()).isTrue();
        assertThat(p.path("contentFormat").asText()).isEqualTo("SENML_CBOR");
        assertThat(p.path("queueMode").asBoolean(true)).isFalse();
        assertThat(p.path("lifetimeSeconds").asLong()).isEqualTo(300);
        assertThat(p.path("version").asLong()).isEqualTo(1);
        assertThat(p.path("createdAt").asText()).endsWith("Z");
    }

    @Test
    void get_and_list_read_profiles_back() {
        created(THERMO);
        created("{\"name\":\"bare\"}");
        created("{\"name\":\"c\"}");

        HttpResponse<String> one = web.get("/api/v1/profiles/thermo");
        JsonNode first = WebFixture.json(web.get("/api/v1/profiles?limit=2"));
        JsonNode second = WebFixture.json(web.get("/api/v1/profiles?limit=2&cursor=" + first.path("nextCursor")
                .asText()));

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(WebFixture.json(one).at("/observe/1/path").asText()).isEqualTo("/3/0/7");
        assertThat(first.path("items")).extracting(i -> i.path("name").asText()).containsExactly("bare", "c");
        assertThat(second.path("items")).extracting(i -> i.path("name").asText()).containsExactly("thermo");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(WebFixture.json(web.get("/api/v1/profiles/bare")).path("observe")).isEmpty();
    }

    @Test
    void create_refuses_bad_bodies_naming_each_field() {
        assertProblem(web.post("/api/v1/profiles", ""), 400, "body");
        assertProblem(web.post("/api/v1/profiles", "null"), 400, "body");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"colour\":\"red\"}"), 400, "colour");
        assertProblem(web.post("/api/v1/profiles", "{}"), 400, "name");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p q\"}"), 400, "name");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":\"/3/0/9\"}"), 400, "observe");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3\"}]}"), 400,
                "observe[0].path");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3/0/9\","
                + "\"pmin\":\"soon\"}]}"), 400, "observe[0].pmin");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3/0/9\","
                + "\"pmax\":1.5}]}"), 400, "observe[0].pmax");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3/0/9\","
                + "\"pmin\":60,\"pmax\":10}]}"), 400, "observe[0].pmax");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3/0/0\",\"gt\":1}]}"),
                400, "observe[0].gt");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/3/0/9\","
                + "\"color\":1}]}"), 400, "observe[0].color");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"observe\":[{\"path\":\"/9999/0/1\"}]}"), 400,
                "observe[0].path");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"contentFormat\":\"LWM2M_CBOR\"}"), 400,
                "contentFormat");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"compositeObserve\":true,"
                + "\"contentFormat\":\"TLV\"}"), 400, "contentFormat");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"compositeObserve\":\"yes\"}"), 400,
                "compositeObserve");
        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"p\",\"lifetimeSeconds\":0}"), 400,
                "lifetimeSeconds");
        JsonNode many = assertProblem(web.post("/api/v1/profiles", "{\"name\":\"\",\"deviceType\":\"a b\","
                + "\"lifetimeSeconds\":-1}"), 400, "name", "deviceType", "lifetimeSeconds");
        assertThat(many.path("type").asText()).endsWith("/invalid-input");
        assertThat(WebFixture.json(web.get("/api/v1/profiles")).path("items")).isEmpty();
    }

    @Test
    void create_with_a_taken_name_is_a_conflict() {
        created(THERMO);

        assertProblem(web.post("/api/v1/profiles", "{\"name\":\"thermo\"}"), 409, "name");
        assertThat(WebFixture.json(web.get("/api/v1/profiles/thermo")).path("observe")).hasSize(2);
    }

    @Test
    void create_needs_json() {
        HttpResponse<String> r = web.send(web.request("/api/v1/profiles").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString(THERMO)));

        assertProblem(r, 415);
    }

    @Test
    void unknown_profile_is_404_for_every_method() {
        assertProblem(web.get("/api/v1/profiles/ghost"), 404);
        assertProblem(put("/api/v1/profiles/ghost", "{\"observe\":[]}", null), 404);
        assertProblem(web.delete("/api/v1/profiles/ghost"), 404);
    }

    @Test
    void list_refuses_a_bad_limit_or_cursor() {
        assertProblem(web.get("/api/v1/profiles?limit=0"), 400, "limit");
        assertProblem(web.get("/api/v1/profiles?limit=ten"), 400, "limit");
        assertProblem(web.get("/api/v1/profiles?cursor=%25%25"), 400, "cursor");
    }

    @Test
    void put_with_the_current_etag_replaces_and_answers_the_next_etag() {
        String etag = created(THERMO);

        HttpResponse<String> r = put("/api/v1/profiles/thermo", "{\"observe\":[{\"path\":\"/3/0/10\"}]}", etag);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
        JsonNode p = WebFixture.json(r);
        assertThat(p.path("version").asLong()).isEqualTo(2);
        assertThat(p.path("observe")).extracting(o -> o.path("path").asText()).containsExactly("/3/0/10");
        assertThat(p.path("contentFormat").isNull()).isTrue();
        assertThat(web.get("/api/v1/profiles/thermo").headers().firstValue("ETag")).hasValue("\"2\"");
    }

    @Test
    void put_with_a_stale_or_foreign_etag_is_412_and_changes_nothing() {
        String first = created(THERMO);
        assertThat(put("/api/v1/profiles/thermo", THERMO, first).statusCode()).isEqualTo(200);

        JsonNode stale = assertProblem(put("/api/v1/profiles/thermo", "{\"observe\":[]}", first), 412);
        assertProblem(put("/api/v1/profiles/thermo", "{\"observe\":[]}", "W/\"2\""), 412);
        assertProblem(put("/api/v1/profiles/thermo", "{\"observe\":[]}", "\"banana\""), 412);

        assertThat(stale.path("type").asText()).endsWith("/precondition-failed");
        assertThat(stale.path("detail").asText()).contains("\"2\"");
        JsonNode now = WebFixture.json(web.get("/api/v1/profiles/thermo"));
        assertThat(now.path("version").asLong()).isEqualTo(2);
        assertThat(now.path("observe")).hasSize(2);
    }

    @Test
    void put_without_if_match_or_with_a_star_replaces_unconditionally() {
        created(THERMO);

        assertThat(put("/api/v1/profiles/thermo", "{\"observe\":[]}", null).statusCode()).isEqualTo(200);
        assertThat(put("/api/v1/profiles/thermo", "{\"name\":\"thermo\"}", "*").statusCode()).isEqualTo(200);

        assertThat(WebFixture.json(web.get("/api/v1/profiles/thermo")).path("version").asLong()).isEqualTo(3);
    }

    @Test
    void put_refuses_a_rename_and_bad_fields() {
        String etag = created(THERMO);

        assertProblem(put("/api/v1/profiles/thermo", "{\"name\":\"other\"}", etag), 400, "name");
        assertProblem(put("/api/v1/profiles/thermo", "{\"observe\":[{\"path\":\"/3/0/9/1\"}]}", etag), 400,
                "observe[0].path");
        assertProblem(put("/api/v1/profiles/thermo", "", etag), 400, "body");

        assertThat(WebFixture.json(web.get("/api/v1/profiles/thermo")).path("version").asLong()).isEqualTo(1);
        assertThat(WebFixture.json(web.get("/api/v1/profiles/other")).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void a_device_gets_a_profile_through_patch_and_shows_it() {
        web.createDevice("dev-1");
        created(THERMO);

        JsonNode assigned = WebFixture.json(web.patch("/api/v1/devices/dev-1", "{\"profile\":\"thermo\"}"));
        JsonNode read = WebFixture.json(web.get("/api/v1/devices/dev-1"));
        JsonNode renamed = WebFixture.json(web.patch("/api/v1/devices/dev-1", "{\"name\":\"Boiler\"}"));
        JsonNode cleared = WebFixture.json(web.patch("/api/v1/devices/dev-1", "{\"profile\":null}"));

        assertThat(assigned.path("profile").asText()).isEqualTo("thermo");
        assertThat(read.path("profile").asText()).isEqualTo("thermo");
        assertThat(read.has("telemetry")).isTrue();
        assertThat(renamed.path("profile").asText()).isEqualTo("thermo");
        assertThat(renamed.path("name").asText()).isEqualTo("Boiler");
        assertThat(cleared.path("profile").isNull()).isTrue();
        assertThat(cleared.path("name").asText()).isEqualTo("Boiler");
    }

    @Test
    void patch_refuses_an_unknown_or_malformed_profile_and_changes_nothing() {
        web.createDevice("dev-1");

        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"profile\":\"ghost\",\"name\":\"x\"}"), 400,
                "profile");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"profile\":42}"), 400, "profile");
        assertProblem(web.patch("/api/v1/devices/dev-1", "{\"profile\":[\"thermo\"]}"), 400, "profile");
        assertProblem(web.patch("/api/v1/devices/ghost", "{\"profile\":\"thermo\"}"), 404);
        assertProblem(web.patch("/api/v1/devices/dev-1", "{}"), 400, "body");

        JsonNode device = WebFixture.json(web.get("/api/v1/devices/dev-1"));
        assertThat(device.path("profile").isNull()).isTrue();
        assertThat(device.path("name").asText()).isEqualTo("Device dev-1");
    }

    @Test
    void a_profile_in_use_cannot_be_deleted_until_released() {
        web.createDevice("dev-1");
        created(THERMO);
        web.patch("/api/v1/devices/dev-1", "{\"profile\":\"thermo\"}");

        JsonNode conflict = assertProblem(web.delete("/api/v1/profiles/thermo"), 409, "name");
        assertThat(conflict.path("detail").asText()).contains("dev-1");
        assertThat(web.get("/api/v1/profiles/thermo").statusCode()).isEqualTo(200);

        web.patch("/api/v1/devices/dev-1", "{\"profile\":null}");
        HttpResponse<String> deleted = web.delete("/api/v1/profiles/thermo");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertProblem(web.get("/api/v1/profiles/thermo"), 404);
        assertProblem(web.delete("/api/v1/profiles/thermo"), 404);
    }
}
