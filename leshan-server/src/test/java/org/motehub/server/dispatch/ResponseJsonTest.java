// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Verifies the plain JSON that operators see for a device's answer. */
class ResponseJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Date T0 = new Date(1_767_323_045_123L);

    /** Numbers compare by value (a long 1 equals an int 1); a number never equals a string. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private static void assertJson(JsonNode actual, String expected) {
        try {
            assertThat(actual.equals(NUMBERS_BY_VALUE, MAPPER.readTree(expected))).as("%s is %s", actual, expected)
                    .isTrue();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    private static LwM2mObjectInstance device(int id) {
        return new LwM2mObjectInstance(id, LwM2mSingleResource.newStringResource(0, "Acme"),
                LwM2mMultipleResource.newIntegerResource(6, Map.of(0, 1L, 4, 5L)),
                LwM2mSingleResource.newDateResource(13, T0));
    }

    // ---------------------------------------------------------------- nodes

    @Test
    void single_resource_renders_as_value() {
        assertJson(ResponseJson.of(LwM2mSingleResource.newStringResource(0, "Acme")), "{\"value\": \"Acme\"}");
        assertJson(ResponseJson.of(LwM2mSingleResource.newIntegerResource(9, 87L)), "{\"value\": 87}");
    }

    @Test
    void multiple_resource_renders_its_values_by_instance_id() {
        LwM2mMultipleResource powerSources = LwM2mMultipleResource.newIntegerResource(6, Map.of(0, 1L, 4, 5L));

        assertJson(ResponseJson.of(powerSources), "{\"values\": {\"0\": 1, \"4\": 5}}");
    }

    @Test
    void resource_instance_renders_as_value() {
        assertJson(ResponseJson.of(LwM2mResourceInstance.newIntegerInstance(4, 5L)), "{\"value\": 5}");
        assertJson(ResponseJson.of(LwM2mResourceInstance.newObjectLinkInstance(0, new ObjectLink(3, 0))),
                "{\"value\": \"3:0\"}");
    }

    @Test
    void object_instance_renders_its_resources_by_id() {
        assertJson(ResponseJson.of(device(0)), "{\"resources\": {\"0\": \"Acme\", \"6\": {\"0\": 1, \"4\": 5},"
                + " \"13\": \"2026-01-02T03:04:05.123Z\"}}");
    }

    @Test
    void object_renders_its_instances_by_id() {
        LwM2mObject temperature = new LwM2mObject(3303,
                new LwM2mObjectInstance(0, LwM2mSingleResource.newFloatResource(5700, 21.5)),
                new LwM2mObjectInstance(2, LwM2mSingleResource.newFloatResource(5700, -3.25)));

        assertJson(ResponseJson.of(temperature), "{\"instances\": {\"0\": {\"resources\": {\"5700\": 21.5}},"
                + " \"2\": {\"resources\": {\"5700\": -3.25}}}}");
    }

    // ---------------------------------------------------------------- values

    @Test
    void time_renders_as_iso_8601_text() {
        JsonNode rendered = ResponseJson.value(T0);

        assertThat(rendered.isTextual()).isTrue();
        assertThat(rendered.asText()).isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(ResponseJson.value(new Date(0)).asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void opaque_bytes_render_as_lowercase_hex() {
        assertThat(ResponseJson.value(new byte[] { 0x0a, (byte) 0xff, 0x10 }).asText()).isEqualTo("0aff10");
        assertThat(ResponseJson.value(new byte[0]).asText()).isEmpty();
    }

    @Test
    void object_link_renders_as_object_colon_instance() {
        assertThat(ResponseJson.value(new ObjectLink(3, 0)).asText()).isEqualTo("3:0");
        assertThat(ResponseJson.value(new ObjectLink()).asText()).isEqualTo("65535:65535");
    }

    @Test
    void unsigned_integer_renders_as_an_exact_number() {
        JsonNode max = ResponseJson.value(ULong.MAX);

        assertThat(max.isNumber()).isTrue();
        assertThat(max.bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
        assertJson(ResponseJson.value(ULong.valueOf(86400)), "86400");
    }

    @Test
    void integer_float_boolean_and_string_render_as_json_scalars() {
        assertJson(ResponseJson.value(-42L), "-42");
        assertJson(ResponseJson.value(21.5d), "21.5");
        assertJson(ResponseJson.value(true), "true");
        assertJson(ResponseJson.value("21.5"), "\"21.5\"");
    }

    @Test
    void absent_value_renders_as_json_null() {
        assertThat(ResponseJson.value(null).isNull()).isTrue();
    }

    // ---------------------------------------------------------------- codes and links

    @Test
    void content_code_renders_as_2_05() {
        assertThat(ResponseJson.coapCode(ResponseCode.CONTENT)).isEqualTo("2.05");
    }

    @Test
    void not_found_code_renders_as_4_04() {
        assertThat(ResponseJson.coapCode(ResponseCode.NOT_FOUND)).isEqualTo("4.04");
    }

    @Test
    void codes_with_a_zero_detail_keep_both_digits() {
        assertThat(ResponseJson.coapCode(ResponseCode.BAD_REQUEST)).isEqualTo("4.00");
        assertThat(ResponseJson.coapCode(ResponseCode.INTERNAL_SERVER_ERROR)).isEqualTo("5.00");
        assertThat(ResponseJson.coapCode(ResponseCode.CHANGED)).isEqualTo("2.04");
    }

    @Test
    void coap_code_keeps_ascii_digits_whatever_the_default_locale() {
        Locale saved = Locale.getDefault(Locale.Category.FORMAT);
        try {
            // Arabic (Saudi Arabia) formats numbers with Arabic-Indic digits by default
            Locale.setDefault(Locale.Category.FORMAT, new Locale("ar", "SA"));

            assertThat(ResponseJson.coapCode(ResponseCode.CONTENT)).isEqualTo("2.05");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, saved);
        }
    }

    @Test
    void links_render_as_core_link_format_text() throws LinkParseException {
        Link[] links = new DefaultLwM2mLinkParser()
                .parseCoreLinkFormat("</3303>;ver=1.1,</3303/0>,</3303/0/5700>;pmin=10".getBytes(UTF_8));

        assertJson(ResponseJson.ofLinks(links), "{\"links\": \"</3303>;ver=1.1,</3303/0>,</3303/0/5700>;pmin=10\"}");
    }

    @Test
    void no_links_render_as_empty_text() {
        assertJson(ResponseJson.ofLinks(new Link[0]), "{\"links\": \"\"}");
    }
}
