// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.motehub.server.lwm2m.cbor.CborFixtures.ALL_TYPES;
import static org.motehub.server.lwm2m.cbor.CborFixtures.MODEL;
import static org.motehub.server.lwm2m.cbor.CborFixtures.hex;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.LwM2mValueChecker;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact LwM2M-CBOR output. Expected bytes are written by hand, item by item, from RFC 8949 and the layout of
 * {@link LwM2mCborTree} (checked against CBOR-Java's diagnostic notation); the Device values are the example Device
 * object instance of the LwM2M TS data-format examples (the values Leshan's own TLV/JSON/SenML codec tests use); the
 * {@code /13/26} vectors are those of Anjay's {@code tests/core/io/lwm2m_cbor_out.c}, rewritten with definite-length
 * maps (Anjay writes indefinite ones, same content).
 */
class LwM2mCborNodeEncoderTest {

    private final LwM2mCborNodeEncoder encoder = new LwM2mCborNodeEncoder();

    private String encode(LwM2mNode node, String path) {
        return hex(encoder.encode(node, new LwM2mPath(path), MODEL, new LwM2mValueChecker()));
    }

    /** The example Device object instance of the LwM2M TS data-format examples. */
    static LwM2mObjectInstance specDevice() {
        return new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, "Open Mobile Alliance"),
                LwM2mSingleResource.newStringResource(1, "Lightweight M2M Client"),
                LwM2mSingleResource.newStringResource(2, "345000123"),
                LwM2mSingleResource.newStringResource(3, "1.0"),
                LwM2mMultipleResource.newIntegerResource(6, Map.of(0, 1L, 1, 5L)),
                LwM2mMultipleResource.newIntegerResource(7, Map.of(0, 3800L, 1, 5000L)),
                LwM2mMultipleResource.newIntegerResource(8, Map.of(0, 125L, 1, 900L)),
                LwM2mSingleResource.newIntegerResource(9, 100), LwM2mSingleResource.newIntegerResource(10, 15),
                LwM2mMultipleResource.newIntegerResource(11, Map.of(0, 0L)),
                LwM2mSingleResource.newDateResource(13, new Date(1367491215000L)),
                LwM2mSingleResource.newStringResource(14, "+02:00"), LwM2mSingleResource.newStringResource(16, "U"));
    }

    /** {[3, 0]: {0: "Open Mobile Alliance", ..., [11, 0]: 0, 13: 1(1367491215), 14: "+02:00", 16: "U"}} */
    static final String SPEC_DEVICE = "a1 8203 00 ad" //
            + " 00 744f70656e204d6f62696c6520416c6c69616e6365" //
            + " 01 764c69676874776569676874204d324d20436c69656e74" //
            + " 02 69333435303030313233" //
            + " 03 63312e30" //
            + " 06 a2 0001 0105" //
            + " 07 a2 00190ed8 01191388" //
            + " 08 a2 00187d 01190384" //
            + " 09 1864" //
            + " 0a 0f" //
            + " 820b00 00" // the single-instance chain 11 -> 0 collapses into the key [11, 0]
            + " 0d c11a5182428f" //
            + " 0e 662b30323a3030" //
            + " 10 6155";

    @Test
    void object_instance_is_one_map_under_the_collapsed_request_path() {
        assertThat(encode(specDevice(), "/3/0")).isEqualTo(SPEC_DEVICE.replace(" ", ""));
    }

    @Test
    void single_resource_is_one_entry_with_the_whole_path_as_key() {
        // {[3, 0, 9]: 100}
        assertThat(encode(LwM2mSingleResource.newIntegerResource(9, 100), "/3/0/9")).isEqualTo("a1830300091864");
    }

    @Test
    void resource_instance_has_a_four_component_key() {
        // {[3, 0, 7, 1]: 5000}
        assertThat(encode(LwM2mResourceInstance.newIntegerInstance(1, 5000), "/3/0/7/1"))
                .isEqualTo("a18403000701191388");
    }

    @Test
    void multi_instance_resource_maps_instance_ids_to_values() {
        // {[3, 0, 7]: {0: 3800, 1: 5000}}
        assertThat(encode(LwM2mMultipleResource.newIntegerResource(7, Map.of(0, 3800L, 1, 5000L)), "/3/0/7"))
                .isEqualTo("a1830300 07 a2 00190ed8 01191388".replace(" ", ""));
    }

    @Test
    void object_with_several_instances_keeps_one_level_per_instance() {
        LwM2mObject object = new LwM2mObject(3303,
                new LwM2mObjectInstance(0, LwM2mSingleResource.newFloatResource(5700, 21.5),
                        LwM2mSingleResource.newStringResource(5701, "Cel")),
                new LwM2mObjectInstance(1, LwM2mSingleResource.newFloatResource(5700, -4.0)));
        // {3303: {0: {5700: 21.5, 5701: "Cel"}, [1, 5700]: -4.0}}
        assertThat(encode(object, "/3303")).isEqualTo(
                "a1 190ce7 a2 00 a2 191644 f94d60 191645 6343656c 82011916 44 f9c400".replace(" ", ""));
    }

    @Test
    void anjay_two_resources_vector() {
        // Anjay "two_resources": {[13, 26]: {1: 42, 2: 21}}
        LwM2mObjectInstance instance = new LwM2mObjectInstance(26,
                LwM2mSingleResource.newUnsignedIntegerResource(1, 42L),
                LwM2mSingleResource.newIntegerResource(2, 21));
        assertThat(encode(instance, "/13/26")).isEqualTo("a1820d181aa201182a0215");
    }

    @Test
    void anjay_two_objects_vector_in_its_compact_form() {
        // Anjay "two_objects_one_instance_two_resources" writes {13: {26: {1: 42, 2: 21}}, 14: {27: {...}}};
        // collapsing the single-instance chains gives {[13, 26]: {1: 42, 2: 21}, [14, 27]: {1: 43, 2: 22}}
        LwM2mRoot root = new LwM2mRoot(List.of(
                new LwM2mObject(13,
                        new LwM2mObjectInstance(26, LwM2mSingleResource.newUnsignedIntegerResource(1, 42L),
                                LwM2mSingleResource.newIntegerResource(2, 21))),
                new LwM2mObject(14, new LwM2mObjectInstance(27, LwM2mSingleResource.newIntegerResource(1, 43),
                        LwM2mSingleResource.newIntegerResource(2, 22)))));
        assertThat(encode(root, "/")).isEqualTo("a2 820d181a a201182a0215 820e181b a201182b0216".replace(" ", ""));
    }

    @Test
    void composite_nodes_share_one_map_and_skip_paths_without_data() {
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        nodes.put(new LwM2mPath("/3303/0/5700"), LwM2mSingleResource.newFloatResource(5700, 21.5));
        nodes.put(new LwM2mPath("/3/0/9"), LwM2mSingleResource.newIntegerResource(9, 100));
        nodes.put(new LwM2mPath("/3/0/10"), LwM2mSingleResource.newIntegerResource(10, 15));
        nodes.put(new LwM2mPath("/3/0/20"), null);
        // {[3, 0]: {9: 100, 10: 15}, [3303, 0, 5700]: 21.5}
        assertThat(hex(encoder.encodeNodes(nodes, MODEL, new LwM2mValueChecker())))
                .isEqualTo("a2 820300 a2 091864 0a0f 83190ce7001916 44 f94d60".replace(" ", ""));
    }

    @Test
    void values_use_the_cbor_type_of_their_lwm2m_type() {
        LwM2mObjectInstance all = new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, "é"),
                LwM2mSingleResource.newIntegerResource(1, -500),
                LwM2mSingleResource.newUnsignedIntegerResource(2, ULong.valueOf("18446744073709551615")),
                LwM2mSingleResource.newFloatResource(3, 69.68),
                LwM2mSingleResource.newBooleanResource(4, true),
                LwM2mSingleResource.newBinaryResource(5, new byte[] { 0x11, 0x22 }),
                LwM2mSingleResource.newDateResource(6, new Date(1700000000999L)),
                LwM2mSingleResource.newObjectLinkResource(7, new ObjectLink(3, 0)),
                LwM2mSingleResource.newCoreLinkResource(8, new Link[] { new Link("/3/0") }));
        assertThat(encode(all, "/10999/0")).isEqualTo(("a1 82192af700 a9" //
                + " 00 62c3a9" // text "é" in UTF-8
                + " 01 3901f3" // -500: major type 1, argument 499
                + " 02 1bffffffffffffffff" // 2^64-1: major type 0, 8-byte argument
                + " 03 fb40516b851eb851ec" // 69.68 needs a double
                + " 04 f5" // true
                + " 05 421122" // bytes
                + " 06 c11a6553f100" // 1(1700000000): whole seconds
                + " 07 63333a30" // "3:0"
                + " 08 663c2f332f303e" // "</3/0>"
        ).replace(" ", ""));
    }

    @Test
    void floats_take_the_shortest_form_that_keeps_the_value() {
        assertThat(encode(LwM2mSingleResource.newFloatResource(3, 2.5), "/10999/0/3")).endsWith("f94100");
        assertThat(encode(LwM2mSingleResource.newFloatResource(3, 100000.0), "/10999/0/3")).endsWith("fa47c35000");
        assertThat(encode(LwM2mSingleResource.newFloatResource(3, 0.1), "/10999/0/3"))
                .endsWith("fb3fb999999999999a");
    }

    @Test
    void empty_containers_are_empty_maps() {
        assertThat(encode(new LwM2mObjectInstance(0, List.of()), "/3303/0")).isEqualTo("a1 82190ce700 a0"
                .replace(" ", ""));
        assertThat(encode(new LwM2mMultipleResource(9, Type.INTEGER), "/10999/1/9"))
                .isEqualTo("a1 83192af70109 a0".replace(" ", ""));
        assertThat(encode(new LwM2mRoot(List.of()), "/")).isEqualTo("a0");
    }

    @Test
    void executable_resource_has_no_value_to_encode() {
        assertThatThrownBy(() -> encode(LwM2mSingleResource.newStringResource(10, "x"), "/10999/0/10"))
                .isInstanceOf(CodecException.class).hasMessageContaining("/10999/0/10");
    }

    @Test
    void node_that_does_not_match_its_path_is_refused() {
        assertThatThrownBy(() -> encode(LwM2mSingleResource.newIntegerResource(9, 100), "/3/0/10"))
                .isInstanceOf(CodecException.class).hasMessageContaining("/3/0/10");
        assertThatThrownBy(() -> encode(specDevice(), "/3/0/9")).isInstanceOf(CodecException.class);
    }

    @Test
    void overlapping_composite_nodes_are_refused() {
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        nodes.put(new LwM2mPath("/3/0"), specDevice());
        nodes.put(new LwM2mPath("/3/0/9"), LwM2mSingleResource.newIntegerResource(9, 100));
        assertThatThrownBy(() -> encoder.encodeNodes(nodes, MODEL, new LwM2mValueChecker()))
                .isInstanceOf(CodecException.class).hasMessageContaining("/3/0/9");
    }

    @Test
    void value_of_another_type_than_the_model_is_refused_by_the_value_checker() {
        assertThatThrownBy(() -> encode(LwM2mSingleResource.newStringResource(1, "twelve"), "/10999/0/1"))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> encode(LwM2mSingleResource.newIntegerResource(3, 2), "/10999/0/3"))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void resource_outside_the_model_is_typed_by_its_node() {
        assertThat(encode(LwM2mSingleResource.newBooleanResource(77, false), "/10999/0/77"))
                .isEqualTo("a1 83192af700184d f4".replace(" ", ""));
        assertThat(ALL_TYPES).isEqualTo(0x2af7);
    }
}
