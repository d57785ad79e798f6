// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.motehub.model.FieldError;
import org.motehub.web.api.device.CreateDeviceBody;
import org.motehub.web.api.device.PatchDeviceBody;
import org.motehub.web.json.JsonMappers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

/** Jackson's read failures, produced by the API's own mapper, turned into field errors. */
class JsonExceptionMapperTest {

    private final ObjectMapper mapper = JsonMappers.create();

    @Test
    void unknown_nested_field_is_named_by_its_path_and_lists_the_known_ones() {
        FieldError error = errorReading("{\"credentials\":{\"type\":\"PSK\",\"foo\":1}}", CreateDeviceBody.class);

        assertThat(error.field()).isEqualTo("credentials.foo");
        assertThat(error.message()).contains("identity", "key", "type");
    }

    @Test
    void unknown_enum_value_lists_the_accepted_ones_without_java_names() {
        FieldError error = errorReading("{\"state\":\"ASLEEP\"}", PatchDeviceBody.class);

        assertThat(error.field()).isEqualTo("state");
        assertThat(error.message()).contains("ACTIVE", "SUSPENDED").doesNotContain("org.motehub");
    }

    @Test
    void value_of_the_wrong_type_is_named() {
        FieldError error = errorReading("{\"endpoint\":[1]}", CreateDeviceBody.class);

        assertThat(error.field()).isEqualTo("endpoint");
        assertThat(error.message()).contains("string");
    }

    @Test
    void text_that_is_not_json_is_blamed_on_the_body() {
        assertThat(errorReading("{\"endpoint\" \"x\"}", CreateDeviceBody.class).field()).isEqualTo("body");
        assertThat(errorReading("{\"endpoint\":\"x\",\"endpoint\":\"y\"}", CreateDeviceBody.class).field())
                .isEqualTo("body");
        assertThat(errorReading("{} {}", CreateDeviceBody.class).field()).isEqualTo("body");
        assertThat(errorReading("\"just a string\"", CreateDeviceBody.class).field()).isEqualTo("body");
    }

    @Test
    void a_read_failure_is_a_400_problem() {
        JsonProcessingException e = failureReading("{\"nope\":1}", PatchDeviceBody.class);

        Response response = new JsonExceptionMapper().toResponse(e);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("nope");
    }

    @Test
    void a_write_failure_is_a_500_problem_that_hides_the_cause() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.writeValueAsString(new Unserializable()));

        Response response = new JsonExceptionMapper().toResponse(e);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).detail()).doesNotContain("Unserializable");
    }

    /** Jackson cannot write it: its getter throws. */
    static final class Unserializable {
        public List<String> getItems() {
            throw new IllegalStateException("boom");
        }
    }

    private FieldError errorReading(String json, Class<?> type) {
        return JsonExceptionMapper.fieldErrorOf(failureReading(json, type));
    }

    private JsonProcessingException failureReading(String json, Class<?> type) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue(json, type));
        assertThat(e).as("reading %s", json).isNotNull();
        return e;
    }
}
