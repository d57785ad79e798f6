// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.SimpleDownlinkRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.model.LwM2mModelProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandStatus;
import org.motehub.model.command.CommandType;
import org.motehub.server.objects.ObjectModels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies that a stored {@link Command} becomes the Leshan request the device expects, with JSON values converted to
 * the types of the device's object model (the server's {@link VersionedModelProvider} over the bundled models).
 */
class LwM2mRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    /** A device announcing Server 1.1, ACL 1.0, Device 1.1, Firmware Update 1.0 and Temperature 1.1. */
    private static final Registration REGISTRATION = new Registration.Builder("reg-1", "dev-1",
            new IpPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5684), new PskIdentity("psk-dev-1")),
            EndpointUriUtil.createUri("coaps://0.0.0.0:5684"))
            .supportedObjects(Map.of(1, new Version("1.1"), 2, new Version("1.0"), 3, new Version("1.1"), 5,
                    new Version("1.0"), 3303, new Version("1.1")))
            .build();

    private final LwM2mModelProvider models = new VersionedModelProvider(ObjectModels.bundled());
    private final LwM2mModel model = models.getObjectModel(REGISTRATION);
    private final LwM2mRequests requests = new LwM2mRequests(models);

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private ResourceModel resource(int objectId, int resourceId, Type expectedType) {
        ResourceModel rm = model.getResourceModel(objectId, resourceId);
        assertThat(rm.type).as("type of /%d/x/%d", objectId, resourceId).isEqualTo(expectedType);
        return rm;
    }

    private static Command command(CommandType type, String path, String valueJson, String valuesJson,
            String arguments) {
        return new Command("0000000000000001", "dev-1", type, path, valueJson == null ? null : json(valueJson),
                valuesJson == null ? null : json(valuesJson), arguments, CommandStatus.PENDING, null, null, null, T0,
                null, null, T0.plusSeconds(60));
    }

    /** @return the request, which for a single-path command always has that path. */
    private SimpleDownlinkRequest<?> build(CommandType type, String path) {
        return (SimpleDownlinkRequest<?>) requests.build(REGISTRATION, command(type, path, null, null, null));
    }

    private WriteRequest write(String path, String valueJson) {
        return (WriteRequest) requests.build(REGISTRATION, command(CommandType.WRITE, path, valueJson, null, null));
    }

    private WriteRequest writeValues(String path, String valuesJson) {
        return (WriteRequest) requests.build(REGISTRATION, command(CommandType.WRITE, path, null, valuesJson, null));
    }

    // ---------------------------------------------------------------- convert: one case per resource type

    @Test
    void string_value_is_kept_as_text() {
        ResourceModel timezone = resource(3, 15, Type.STRING);

        assertThat(LwM2mRequests.convert(timezone, json("\"Europe/Paris\""))).isEqualTo("Europe/Paris");
    }

    @Test
    void string_resource_takes_a_number_as_its_text() {
        ResourceModel utcOffset = resource(3, 14, Type.STRING);

        assertThat(LwM2mRequests.convert(utcOffset, json("2"))).isEqualTo("2");
    }

    @Test
    void string_resource_refuses_an_object() {
        ResourceModel timezone = resource(3, 15, Type.STRING);

        assertThatThrownBy(() -> LwM2mRequests.convert(timezone, json("{\"a\":1}")))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("resource 15");
    }

    @Test
    void integer_is_converted_from_a_json_number_to_a_long() {
        ResourceModel lifetime = resource(1, 1, Type.INTEGER);

        assertThat(LwM2mRequests.convert(lifetime, json("300"))).isEqualTo(300L);
        assertThat(LwM2mRequests.convert(lifetime, json("-5"))).isEqualTo(-5L);
    }

    @Test
    void integer_is_converted_from_a_numeric_string() {
        ResourceModel lifetime = resource(1, 1, Type.INTEGER);

        assertThat(LwM2mRequests.convert(lifetime, json("\"300\""))).isEqualTo(300L);
    }

    @Test
    void integer_refuses_a_fraction_a_word_and_a_value_beyond_64_bits() {
        ResourceModel lifetime = resource(1, 1, Type.INTEGER);

        for (String bad : new String[] { "3.5", "\"three\"", "true", "9223372036854775808" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(lifetime, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                    .hasMessageContaining("resource 1 (INTEGER)");
        }
    }

    @Test
    void unsigned_integer_is_converted_from_a_number_and_a_numeric_string() {
        ResourceModel deferPeriod = unsignedResource();

        assertThat(LwM2mRequests.convert(deferPeriod, json("86400"))).isEqualTo(ULong.valueOf(86400));
        assertThat(LwM2mRequests.convert(deferPeriod, json("\"86400\""))).isEqualTo(ULong.valueOf(86400));
    }

    @Test
    void unsigned_integer_keeps_values_above_the_signed_64_bit_range() {
        ResourceModel deferPeriod = unsignedResource();

        assertThat(LwM2mRequests.convert(deferPeriod, json("18446744073709551615"))).isEqualTo(ULong.MAX);
        assertThat(LwM2mRequests.convert(deferPeriod, json("\"18446744073709551615\""))).isEqualTo(ULong.MAX);
    }

    @Test
    void unsigned_integer_refuses_a_negative_value() {
        ResourceModel deferPeriod = unsignedResource();

        for (String bad : new String[] { "-1", "\"-1\"" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(deferPeriod, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                    .hasMessageContaining("must not be negative");
        }
    }

    @Test
    void unsigned_integer_refuses_a_value_beyond_64_bits_instead_of_wrapping_it() {
        ResourceModel deferPeriod = unsignedResource();

        // 2^64 + 5: truncated to a long this would silently become 5
        for (String bad : new String[] { "18446744073709551621", "\"18446744073709551621\"", "2.5" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(deferPeriod, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class);
        }
    }

    /** Maximum Defer Period exists only in Firmware Update 1.1, which this device does not announce. */
    private static ResourceModel unsignedResource() {
        ResourceModel rm = new VersionedModelProvider(ObjectModels.bundled())
                .getObjectModel(new Registration.Builder(REGISTRATION).supportedObjects(Map.of(5, new Version("1.1")))
                        .build())
                .getResourceModel(5, 13);
        assertThat(rm.type).isEqualTo(Type.UNSIGNED_INTEGER);
        return rm;
    }

    @Test
    void float_is_converted_from_a_number_and_a_numeric_string_to_a_double() {
        ResourceModel sensorValue = resource(3303, 5700, Type.FLOAT);

        assertThat(LwM2mRequests.convert(sensorValue, json("21.5"))).isEqualTo(21.5d);
        assertThat(LwM2mRequests.convert(sensorValue, json("21"))).isEqualTo(21.0d);
        assertThat(LwM2mRequests.convert(sensorValue, json("\"-0.25\""))).isEqualTo(-0.25d);
    }

    @Test
    void float_refuses_a_word() {
        ResourceModel sensorValue = resource(3303, 5700, Type.FLOAT);

        assertThatThrownBy(() -> LwM2mRequests.convert(sensorValue, json("\"warm\"")))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("5700");
    }

    @Test
    void boolean_is_converted_from_a_json_boolean() {
        ResourceModel storing = resource(1, 6, Type.BOOLEAN);

        assertThat(LwM2mRequests.convert(storing, json("true"))).isEqualTo(Boolean.TRUE);
        assertThat(LwM2mRequests.convert(storing, json("false"))).isEqualTo(Boolean.FALSE);
    }

    @Test
    void boolean_is_converted_from_the_strings_true_and_false() {
        ResourceModel storing = resource(1, 6, Type.BOOLEAN);

        assertThat(LwM2mRequests.convert(storing, json("\"true\""))).isEqualTo(Boolean.TRUE);
        assertThat(LwM2mRequests.convert(storing, json("\"false\""))).isEqualTo(Boolean.FALSE);
    }

    @Test
    void boolean_refuses_any_other_value() {
        ResourceModel storing = resource(1, 6, Type.BOOLEAN);

        for (String bad : new String[] { "\"yes\"", "1", "0", "\"\"", "[true]" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(storing, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class);
        }
    }

    @Test
    void time_is_converted_from_epoch_seconds() {
        ResourceModel currentTime = resource(3, 13, Type.TIME);

        assertThat(LwM2mRequests.convert(currentTime, json("1767323045"))).isEqualTo(Date.from(T0));
    }

    @Test
    void time_is_converted_from_iso_text() {
        ResourceModel currentTime = resource(3, 13, Type.TIME);

        assertThat(LwM2mRequests.convert(currentTime, json("\"2026-01-02T03:04:05Z\""))).isEqualTo(Date.from(T0));
    }

    @Test
    void time_refuses_text_that_is_not_iso() {
        ResourceModel currentTime = resource(3, 13, Type.TIME);

        for (String bad : new String[] { "\"yesterday\"", "\"2026-01-02\"" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(currentTime, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                    .hasMessageContaining("resource 13 (TIME) is malformed");
        }
    }

    @Test
    void opaque_is_converted_from_hex_in_either_case() {
        ResourceModel firmwarePackage = resource(5, 0, Type.OPAQUE);

        assertThat((byte[]) LwM2mRequests.convert(firmwarePackage, json("\"0aff10\"")))
                .containsExactly(0x0a, 0xff, 0x10);
        assertThat((byte[]) LwM2mRequests.convert(firmwarePackage, json("\"0AFF10\"")))
                .containsExactly(0x0a, 0xff, 0x10);
    }

    @Test
    void opaque_refuses_text_that_is_not_hex() {
        ResourceModel firmwarePackage = resource(5, 0, Type.OPAQUE);

        for (String bad : new String[] { "\"0g\"", "\"abc\"", "\"0a ff\"" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(firmwarePackage, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                    .hasMessageContaining("resource 0 (OPAQUE) is malformed");
        }
    }

    @Test
    void object_link_is_converted_from_object_colon_instance_including_the_null_link() {
        ResourceModel apnLink = resource(1, 10, Type.OBJLNK);

        assertThat(LwM2mRequests.convert(apnLink, json("\"3:0\""))).isEqualTo(new ObjectLink(3, 0));
        assertThat(LwM2mRequests.convert(apnLink, json("\"65535:65535\""))).isEqualTo(new ObjectLink());
    }

    @Test
    void object_link_refuses_a_malformed_link() {
        ResourceModel apnLink = resource(1, 10, Type.OBJLNK);

        for (String bad : new String[] { "\"3\"", "\"3:\"", "\"3:x\"", "\"3:0:1\"", "\"70000:0\"", "\"-1:0\"",
                "\"3:65535\"", "30" }) {
            assertThatThrownBy(() -> LwM2mRequests.convert(apnLink, json(bad))).as(bad)
                    .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                    .hasMessageContaining("resource 10 (OBJLNK)");
        }
    }

    @Test
    void executable_resource_cannot_take_a_value() {
        ResourceModel reboot = resource(3, 4, Type.NONE);

        assertThatThrownBy(() -> LwM2mRequests.convert(reboot, json("1")))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("NONE");
    }

    // ---------------------------------------------------------------- build: WRITE

    @Test
    void write_on_a_resource_replaces_it_with_the_converted_value() {
        WriteRequest request = write("/3/0/13", "1767323045");

        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/3/0/13"));
        assertThat(request.isReplaceRequest()).isTrue();
        assertThat(request.getNode()).isEqualTo(LwM2mSingleResource.newDateResource(13, Date.from(T0)));
    }

    @Test
    void write_on_a_resource_instance_carries_only_that_instance() {
        WriteRequest request = write("/2/0/2/1", "15");

        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/2/0/2/1"));
        assertThat(request.isReplaceRequest()).isTrue();
        assertThat(request.getNode()).isEqualTo(LwM2mResourceInstance.newIntegerInstance(1, 15L));
    }

    @Test
    void write_on_an_object_instance_updates_only_the_given_resources() {
        WriteRequest request = writeValues("/1/0", "{\"1\": 600, \"7\": \"UQ\", \"6\": \"true\"}");

        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/1/0"));
        assertThat(request.isPartialUpdateRequest()).isTrue();
        LwM2mObjectInstance instance = (LwM2mObjectInstance) request.getNode();
        assertThat(instance.getId()).isEqualTo(0);
        assertThat(instance.getResources()).containsOnlyKeys(1, 6, 7);
        assertThat(instance.getResource(1)).isEqualTo(LwM2mSingleResource.newIntegerResource(1, 600L));
        assertThat(instance.getResource(6)).isEqualTo(LwM2mSingleResource.newBooleanResource(6, true));
        assertThat(instance.getResource(7)).isEqualTo(LwM2mSingleResource.newStringResource(7, "UQ"));
    }

    @Test
    void write_on_an_object_instance_takes_a_multi_instance_resource_as_an_object() {
        WriteRequest request = writeValues("/2/0", "{\"2\": {\"0\": 15, \"3\": 1}}");

        LwM2mResource acl = ((LwM2mObjectInstance) request.getNode()).getResource(2);
        assertThat(acl).isEqualTo(LwM2mMultipleResource.newIntegerResource(2, Map.of(0, 15L, 3, 1L)));
    }

    @Test
    void write_on_a_multi_instance_resource_takes_an_object_of_instance_id_to_value() {
        WriteRequest request = write("/2/0/2", "{\"0\": 15, \"3\": \"1\"}");

        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/2/0/2"));
        assertThat(request.isReplaceRequest()).isTrue();
        assertThat(request.getNode()).isEqualTo(LwM2mMultipleResource.newIntegerResource(2, Map.of(0, 15L, 3, 1L)));
    }

    @Test
    void write_on_a_multi_instance_resource_refuses_a_single_value() {
        assertThatThrownBy(() -> write("/2/0/2", "15")).isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                .hasMessageContaining("2/2").hasMessageContaining("several instances");
    }

    @Test
    void write_on_a_multi_instance_resource_refuses_an_instance_id_that_is_not_a_number() {
        assertThatThrownBy(() -> write("/2/0/2", "{\"first\": 15}"))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("'first'");
    }

    @Test
    void write_of_an_unknown_resource_is_refused_naming_it() {
        assertThatThrownBy(() -> write("/3/0/99", "1")).isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                .hasMessageContaining("/3/x/99").hasMessageContaining("object model");
    }

    @Test
    void write_on_an_object_instance_with_an_unknown_resource_is_refused_naming_it() {
        assertThatThrownBy(() -> writeValues("/1/0", "{\"1\": 600, \"99\": 1}"))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("/1/x/99");
    }

    @Test
    void write_on_an_object_the_device_does_not_announce_is_refused_naming_it() {
        assertThatThrownBy(() -> write("/3304/0/5750", "\"greenhouse\""))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class).hasMessageContaining("/3304/x/5750");
    }

    @Test
    void write_with_a_value_of_the_wrong_type_is_refused_naming_the_resource() {
        assertThatThrownBy(() -> write("/3/0/13", "\"tomorrow\""))
                .isInstanceOf(LwM2mRequests.UnsendableCommandException.class)
                .hasMessageContaining("resource 13 (TIME)");
    }

    // ---------------------------------------------------------------- build: other operations

    @Test
    void read_request_targets_the_command_path() {
        SimpleDownlinkRequest<?> request = build(CommandType.READ, "/3/0");

        assertThat(request).isInstanceOf(ReadRequest.class);
        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/3/0"));
        assertThat(((ReadRequest) request).getContentFormat()).isNull();
    }

    @Test
    void observe_request_targets_the_command_path() {
        SimpleDownlinkRequest<?> request = build(CommandType.OBSERVE, "/3303/0/5700");

        assertThat(request).isInstanceOf(ObserveRequest.class);
        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/3303/0/5700"));
    }

    @Test
    void discover_request_targets_the_command_path() {
        SimpleDownlinkRequest<?> request = build(CommandType.DISCOVER, "/3303");

        assertThat(request).isInstanceOf(DiscoverRequest.class);
        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/3303"));
    }

    @Test
    void execute_request_carries_the_command_arguments() {
        DownlinkRequest<?> request = requests.build(REGISTRATION,
                command(CommandType.EXECUTE, "/3/0/4", null, null, "0='now',1"));

        assertThat(request).isInstanceOf(ExecuteRequest.class);
        assertThat(((ExecuteRequest) request).getPath()).isEqualTo(new LwM2mPath("/3/0/4"));
        Arguments arguments = ((ExecuteRequest) request).getArguments();
        assertThat(arguments.getDigits()).containsExactlyInAnyOrder(0, 1);
        assertThat(arguments.get(0).getValue()).isEqualTo("now");
        assertThat(arguments.get(1).getValue()).isNull();
    }

    @Test
    void execute_request_without_arguments_has_none() {
        ExecuteRequest request = (ExecuteRequest) build(CommandType.EXECUTE, "/3/0/4");

        assertThat(request.getPath()).isEqualTo(new LwM2mPath("/3/0/4"));
        assertThat(request.getArguments().isEmpty()).isTrue();
    }

    @Test
    void cancel_observe_is_not_built_as_a_request() {
        assertThatThrownBy(() -> build(CommandType.CANCEL_OBSERVE, "/3303/0/5700"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CANCEL_OBSERVE");
    }
}
