// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.motehub.server.lwm2m.cbor.CborFixtures.MODEL;
import static org.motehub.server.lwm2m.cbor.CborFixtures.hex;

import java.util.Date;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding of every legal nesting and compression of LwM2M-CBOR path keys, value typing, and refusal of malformed
 * payloads. The {@code /13/26} vectors are byte-exact copies of Anjay's {@code tests/core/io/lwm2m_cbor_in.c} (object
 * 13 is typed like Anjay's "all_types" test; vectors whose types differ are decoded without a model, so the types are
 * guessed from CBOR); the Device vectors are the TS example Device instance in three key layouts.
 */
class LwM2mCborNodeDecoderTest {

    private static final LwM2mModel NO_MODEL = new StaticModel();

    private final LwM2mCborNodeDecoder decoder = new LwM2mCborNodeDecoder();

    private LwM2mNode decode(String hex, String path) {
        return decode(hex, path, MODEL);
    }

    private LwM2mNode decode(String hex, String path, LwM2mModel model) {
        LwM2mPath p = new LwM2mPath(path);
        return decoder.decode(hex(hex), p, model, DefaultLwM2mDecoder.nodeClassFromPath(p));
    }

    private static Object value(LwM2mNode node) {
        return node instanceof LwM2mResource r ? r.getValue() : ((LwM2mResourceInstance) node).getValue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a1 830d181a01 182a", // {[13, 26, 1]: 42}
            "bf 9f0d181a01ff 182a ff", // {_ [_ 13, 26, 1]: 42}
            "a1 0d a1 181a a1 01 182a", // {13: {26: {1: 42}}}
            "a1 810d a1 81181a a1 8101 182a", // {[13]: {[26]: {[1]: 42}}}
            "bf 9f0dff bf 9f181aff bf 9f01ff 182a ff ff ff" // {_ [_ 13]: {_ [_ 26]: {_ [_ 1]: 42}}}
    })
    void anjay_single_resource_in_every_key_layout(String vector) {
        assertThat(value(decode(vector, "/13/26/1"))).isEqualTo(ULong.valueOf(42));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a1 820d181a a2 01182a 0215", // {[13, 26]: {1: 42, 2: 21}}
            "a2 830d181a01 182a 830d181a02 15", // {[13, 26, 1]: 42, [13, 26, 2]: 21}
            "a2 820d181a a101182a 830d181a02 15", // {[13, 26]: {1: 42}, [13, 26, 2]: 21}
            "a2 830d181a01 182a 820d181a a1810215" // {[13, 26, 1]: 42, [13, 26]: {[2]: 21}}
    })
    void anjay_two_resources_with_shared_prefixes(String vector) {
        LwM2mObjectInstance instance = (LwM2mObjectInstance) decode(vector, "/13/26");
        assertThat(instance.getId()).isEqualTo(26);
        assertThat(instance.getResource(1).getValue()).isEqualTo(ULong.valueOf(42));
        assertThat(instance.getResource(2).getValue()).isEqualTo(21L);
    }

    @Test
    void anjay_all_types_are_typed_by_the_model() {
        // {[13, 26]: {1: 1, 2: -1, 3: 2.5, 4: "test", 5: h'11223344', 6: "12:34", 7: 1}}
        LwM2mObjectInstance i = (LwM2mObjectInstance) decode("a1820d181aa7010102200 3f94100 0464746573740544112233"
                + "4406653132 3a33340701", "/13/26");
        assertThat(i.getResource(1).getValue()).isEqualTo(ULong.valueOf(1));
        assertThat(i.getResource(2).getValue()).isEqualTo(-1L);
        assertThat(i.getResource(3).getValue()).isEqualTo(2.5);
        assertThat(i.getResource(4).getValue()).isEqualTo("test");
        assertThat((byte[]) i.getResource(5).getValue()).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(i.getResource(6).getValue()).isEqualTo(new ObjectLink(12, 34));
        assertThat(i.getResource(7).getValue()).isEqualTo(ULong.valueOf(1));
    }

    @Test
    void anjay_vectors_without_a_model_guess_the_type_from_cbor() {
        assertThat(value(decode("a1830d181a01f5", "/13/26/1", NO_MODEL))).isEqualTo(true);
        // {[13]: {[26]: {[1]: {[2]: 4([-1, 45])}}}}: a decimal fraction
        assertThat(value(decode("a1810da181181aa18101a18102c48220182d", "/13/26/1/2", NO_MODEL))).isEqualTo(4.5);
        String chunk1 = "0011223344556677";
        String chunk2 = "8899aabbccddeeff";
        assertThat((byte[]) value(decode("a1830d181a0150" + chunk1 + chunk2, "/13/26/1", NO_MODEL)))
                .isEqualTo(hex(chunk1 + chunk2));
        // indefinite-length byte string in two chunks
        assertThat((byte[]) value(decode("a1830d181a015f48" + chunk1 + "48" + chunk2 + "ff", "/13/26/1", NO_MODEL)))
                .isEqualTo(hex(chunk1 + chunk2));
    }

    @Test
    void anjay_text_string_vector() {
        // {[13, 26, 1]: "c--cossiezepsulo"}
        assertThat(value(decode("a1830d181a0170632d2d636f737369657a657073756c6f", "/13/26/1", NO_MODEL)))
                .isEqualTo("c--cossiezepsulo");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a2 0d a1181aa10101 0e a1181ba10202", // {13: {26: {1: 1}}, 14: {27: {2: 2}}}
            "bf 0d bf181abf0101ffff 0e bf181bbf0202ffff ff", // the same with indefinite maps
            "bf 9f0dff bf9f181affbf9f01ff01ffff 9f0eff bf9f181bffbf9f02ff02ffff ff" // and indefinite arrays
    })
    void anjay_composite_vectors(String vector) {
        List<LwM2mPath> paths = List.of(new LwM2mPath("/13/26/1"), new LwM2mPath("/14/27/2"));
        Map<LwM2mPath, LwM2mNode> nodes = decoder.decodeNodes(hex(vector), paths, MODEL);
        assertThat(value(nodes.get(paths.get(0)))).isEqualTo(ULong.valueOf(1));
        assertThat(value(nodes.get(paths.get(1)))).isEqualTo(2L);
        LwM2mRoot root = (LwM2mRoot) decode(vector, "/");
        assertThat(root.getObjects()).containsOnlyKeys(13, 14);
    }

    @Test
    void anjay_null_is_no_data_in_a_composite_payload_and_refused_elsewhere() {
        // {[13, 26, 1]: {2: null, 3: 5}}
        String vector = "a1830d181a01a202f60305";
        List<LwM2mPath> paths = List.of(new LwM2mPath("/13/26/1/2"), new LwM2mPath("/13/26/1/3"));
        Map<LwM2mPath, LwM2mNode> nodes = decoder.decodeNodes(hex(vector), paths, NO_MODEL);
        assertThat(nodes).containsEntry(paths.get(0), null);
        assertThat(value(nodes.get(paths.get(1)))).isEqualTo(5L);
        assertThatThrownBy(() -> decode(vector, "/13/26/1", NO_MODEL)).isInstanceOf(CodecException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a1820d181aa11a0001000005", // {[13, 26]: {65536: 5}}
            "a1830d181a1a0001000005", // {[13, 26, 65536]: 5}
            "a1850d181a03040505", // {[13, 26, 3, 4, 5]: 5}
            "a1830d181a01a20205820304 05", // {[13, 26, 1]: {2: 5, [3, 4]: 6}}
            "a10da1181aa101a102a10304", // {13: {26: {1: {2: {3: 4}}}}}
            "a20da180181aa1800118 2a", // keys that are empty arrays
            "a1830dfb3fd0a3d70a3d70a401182a", // {[13, 0.26, 1]: 42}
            "a1fb3fc0a3d70a3d70a4a182181a01182a", // {0.13: {[26, 1]: 42}}
            "a10da1623236a101182a", // {13: {"26": {1: 42}}}
            "00", // 0, not a map
            "8401020304", // [1, 2, 3, 4], not a map
            "a10da1181a81a101182a", // {13: {26: [{1: 42}]}}: array as value
            "a1820d181aa1" // cut in the middle
    })
    void anjay_malformed_vectors_are_refused(String vector) {
        assertThatThrownBy(() -> decode(vector, "/", NO_MODEL)).isInstanceOf(CodecException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/14", "/13/27", "/13/26/2", "/13/26/1/69" })
    void anjay_values_outside_the_requested_path_are_refused(String path) {
        assertThatThrownBy(() -> decode("a1830d181a01182a", path, NO_MODEL)).isInstanceOf(CodecException.class)
                .hasMessageContaining("/13/26/1");
    }

    /** Resource id and value of the example Device instance, resource 11 as the nested map {0: 0}. */
    private static final String[][] DEVICE = { { "00", "744f70656e204d6f62696c6520416c6c69616e6365" },
            { "01", "764c69676874776569676874204d324d20436c69656e74" }, { "02", "69333435303030313233" },
            { "03", "63312e30" }, { "06", "a200010105" }, { "07", "a200190ed801191388" },
            { "08", "a200187d01190384" }, { "09", "1864" }, { "0a", "0f" }, { "0b", "a10000" },
            { "0d", "c11a5182428f" }, { "0e", "662b30323a3030" }, { "10", "6155" } };

    private static String device(String prefix, String keyPrefix) {
        StringBuilder b = new StringBuilder(prefix);
        for (String[] entry : DEVICE) {
            b.append(keyPrefix).append(entry[0]).append(entry[1]);
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = { "compact", "nested", "flat" })
    void spec_device_instance_in_three_key_layouts(String layout) {
        String payload = switch (layout) {
        case "compact" -> LwM2mCborNodeEncoderTest.SPEC_DEVICE; // {[3, 0]: {..., [11, 0]: 0, ...}}
        case "nested" -> device("a103a100ad", ""); // {3: {0: {0: ..., 11: {0: 0}, ...}}}
        default -> device("ad", "830300"); // {[3, 0, 0]: ..., [3, 0, 11]: {0: 0}, ...}
        };
        assertThat(decode(payload, "/3/0")).isEqualTo(LwM2mCborNodeEncoderTest.specDevice());
    }

    @Test
    void values_of_the_wrong_cbor_type_are_refused() {
        assertThatThrownBy(() -> decode("a1830300096331 3030", "/3/0/9")).isInstanceOf(CodecException.class)
                .hasMessageContaining("INTEGER");
        assertThatThrownBy(() -> decode("a183190ce7001916 44f5", "/3303/0/5700")).isInstanceOf(CodecException.class)
                .hasMessageContaining("FLOAT");
        assertThatThrownBy(() -> decode("a183192af7000220", "/10999/0/2")).isInstanceOf(CodecException.class)
                .hasMessageContaining("UNSIGNED_INTEGER");
        assertThatThrownBy(() -> decode("a183192af700076331 3233", "/10999/0/7")).isInstanceOf(CodecException.class)
                .hasMessageContaining("OBJLNK");
    }

    @Test
    void a_float_resource_accepts_an_integer() {
        assertThat(value(decode("a183190ce700191644 15", "/3303/0/5700"))).isEqualTo(21.0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1a6553f100", // untagged integer
            "c11a6553f100", // 1(1700000000)
            "c1fb41d954fc40000000", // 1(1700000000.0)
            "c074323032332d31312d31345432323a31333a32305a" // 0("2023-11-14T22:13:20Z")
    })
    void time_is_read_from_every_usual_encoding(String time) {
        assertThat(value(decode("a183192af70006" + time, "/10999/0/6"))).isEqualTo(new Date(1700000000000L));
    }

    @Test
    void a_value_given_twice_through_different_keys_is_refused() {
        // {[3, 0, 9]: 1, [3, 0]: {9: 2}}
        assertThatThrownBy(() -> decode("a2 83030009 01 820300 a10902", "/3/0")).isInstanceOf(CodecException.class)
                .hasMessageContaining("/3/0/9");
        // {[3, 0, 9]: 1, [3, 0, 9]: 2}: a duplicate CBOR key
        assertThatThrownBy(() -> decode("a2 83030009 01 83030009 02", "/3/0")).isInstanceOf(CodecException.class);
    }

    @Test
    void shape_must_match_the_object_model() {
        // {[3, 0, 9]: {0: 5}}: resource 9 is single-instance
        assertThatThrownBy(() -> decode("a183030009a10005", "/3/0/9")).isInstanceOf(CodecException.class)
                .hasMessageContaining("single-instance");
        // {[3, 0, 7]: 5}: resource 7 is multi-instance
        assertThatThrownBy(() -> decode("a18303000705", "/3/0/7")).isInstanceOf(CodecException.class)
                .hasMessageContaining("multi-instance");
        // {[3, 0]: 5}: a value above resource level
        assertThatThrownBy(() -> decode("a182030005", "/3/0")).isInstanceOf(CodecException.class);
    }

    @Test
    void trailing_bytes_and_empty_payloads_are_refused() {
        assertThatThrownBy(() -> decode("a1830300091864 00", "/3/0/9")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[0], new LwM2mPath("/3/0/9"), MODEL, LwM2mResource.class))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void empty_map_is_an_empty_container() {
        assertThat(((LwM2mObjectInstance) decode("a0", "/3303/0")).getResources()).isEmpty();
        assertThat(((LwM2mObjectInstance) decode("a182190ce700a0", "/3303/0")).getResources()).isEmpty();
        assertThat(((LwM2mResource) decode("a183192af70109a0", "/10999/1/9")).getInstances()).isEmpty();
        assertThatThrownBy(() -> decode("a0", "/3/0/9")).isInstanceOf(CodecException.class);
    }

    @Test
    void composite_without_paths_gives_one_node_per_value_and_refuses_unrequested_values() {
        // {[3, 0]: {9: 100, 10: 15}, [3303, 0, 5700]: 21.5}
        byte[] payload = hex("a2820300a20918640a0f83190ce700191644f94d60");
        Map<LwM2mPath, LwM2mNode> nodes = decoder.decodeNodes(payload, null, MODEL);
        assertThat(nodes).containsOnlyKeys(new LwM2mPath("/3/0/9"), new LwM2mPath("/3/0/10"),
                new LwM2mPath("/3303/0/5700"));
        assertThat(value(nodes.get(new LwM2mPath("/3303/0/5700")))).isEqualTo(21.5);
        assertThatThrownBy(() -> decoder.decodeNodes(payload, List.of(new LwM2mPath("/3/0")), MODEL))
                .isInstanceOf(CodecException.class).hasMessageContaining("/3303/0/5700");
        Map<LwM2mPath, LwM2mNode> withMissing = decoder.decodeNodes(payload,
                List.of(new LwM2mPath("/3/0"), new LwM2mPath("/3303/0/5700"), new LwM2mPath("/3303/1")), MODEL);
        assertThat(((LwM2mObjectInstance) withMissing.get(new LwM2mPath("/3/0"))).getResources()).hasSize(2);
        assertThat(withMissing).containsEntry(new LwM2mPath("/3303/1"), null);
    }
}
