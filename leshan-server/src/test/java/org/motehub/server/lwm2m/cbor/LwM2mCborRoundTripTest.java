// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.server.lwm2m.cbor.CborFixtures.MODEL;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mValueChecker;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encoding then decoding gives the node back, for every LwM2M resource type (with edge values) and every node shape:
 * single resource, multi-instance resource, resource instance, object instance, object, root, and composite nodes.
 */
class LwM2mCborRoundTripTest {

    private final LwM2mCborNodeEncoder encoder = new LwM2mCborNodeEncoder();
    private final LwM2mCborNodeDecoder decoder = new LwM2mCborNodeDecoder();

    static Stream<Arguments> values() {
        return Stream.of(Arguments.of(0, ""), Arguments.of(0, "Motehub ✓ \u0000 end"),
                Arguments.of(1, Long.MIN_VALUE), Arguments.of(1, Long.MAX_VALUE), Arguments.of(1, -24L),
                Arguments.of(1, -25L), Arguments.of(2, ULong.valueOf(0)), Arguments.of(2, ULong.valueOf(23)),
                Arguments.of(2, ULong.valueOf("18446744073709551615")), Arguments.of(3, 0.0), Arguments.of(3, -0.0),
                Arguments.of(3, 1.0e-300), Arguments.of(3, Double.MAX_VALUE), Arguments.of(3, 65504.0),
                Arguments.of(3, Double.NaN), Arguments.of(3, Double.NEGATIVE_INFINITY), Arguments.of(4, true),
                Arguments.of(4, false), Arguments.of(5, new byte[0]), Arguments.of(5, new byte[300]),
                Arguments.of(6, new Date(0)), Arguments.of(6, new Date(-86_400_000L)),
                Arguments.of(6, new Date(4102444800000L)), Arguments.of(7, new ObjectLink(3, 0)),
                Arguments.of(7, new ObjectLink()),
                Arguments.of(8, links("</3/0>,</3303>;ver=1.1")));
    }

    /** Links as Leshan's parser builds them (its link classes are what a decoded value holds). */
    private static Link[] links(String text) {
        try {
            return new DefaultLwM2mLinkParser().parseCoreLinkFormat(text.getBytes(StandardCharsets.UTF_8));
        } catch (LinkParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @ParameterizedTest
    @MethodSource("values")
    void single_resource_of_every_type(int resourceId, Object value) {
        roundTrip(LwM2mSingleResource.newResource(resourceId, value, MODEL.getResourceModel(10999, resourceId).type),
                "/10999/0/" + resourceId);
    }

    @ParameterizedTest
    @MethodSource("values")
    void resource_instance_of_every_type(int resourceId, Object value) {
        roundTrip(LwM2mResourceInstance.newInstance(65534, value, MODEL.getResourceModel(10999, resourceId).type),
                "/10999/0/" + resourceId + "/65534");
    }

    @Test
    void multi_instance_resource() {
        roundTrip(LwM2mMultipleResource.newIntegerResource(9, Map.of(0, 1L, 7, -7L, 65534, 1L << 40)), "/10999/3/9");
        roundTrip(LwM2mMultipleResource.newIntegerResource(9, Map.of(5, 5L)), "/10999/3/9");
    }

    @Test
    void object_instance_object_and_root() {
        LwM2mObjectInstance device = LwM2mCborNodeEncoderTest.specDevice();
        roundTrip(device, "/3/0");
        LwM2mObject temperatures = new LwM2mObject(3303,
                new LwM2mObjectInstance(0, LwM2mSingleResource.newFloatResource(5700, 21.5),
                        LwM2mSingleResource.newStringResource(5701, "Cel")),
                new LwM2mObjectInstance(1, LwM2mSingleResource.newFloatResource(5700, -40.125)),
                new LwM2mObjectInstance(2, List.of()));
        roundTrip(temperatures, "/3303");
        roundTrip(new LwM2mRoot(List.of(new LwM2mObject(3, device), temperatures)), "/");
    }

    @Test
    void composite_of_several_objects() {
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        nodes.put(new LwM2mPath("/3/0/13"), LwM2mSingleResource.newDateResource(13, new Date(1367491215000L)));
        nodes.put(new LwM2mPath("/3/0/7/1"), LwM2mResourceInstance.newIntegerInstance(1, 5000));
        nodes.put(new LwM2mPath("/3303/0"), new LwM2mObjectInstance(0,
                LwM2mSingleResource.newFloatResource(5700, 21.5), LwM2mSingleResource.newStringResource(5701, "Cel")));
        nodes.put(new LwM2mPath("/10999/0/2"), LwM2mSingleResource.newUnsignedIntegerResource(2, ULong.MAX));
        byte[] encoded = encoder.encodeNodes(nodes, MODEL, new LwM2mValueChecker());
        assertThat(decoder.decodeNodes(encoded, List.copyOf(nodes.keySet()), MODEL)).isEqualTo(nodes);
    }

    private void roundTrip(LwM2mNode node, String path) {
        LwM2mPath p = new LwM2mPath(path);
        byte[] encoded = encoder.encode(node, p, MODEL, new LwM2mValueChecker());
        LwM2mNode decoded = decoder.decode(encoded, p, MODEL, DefaultLwM2mDecoder.nodeClassFromPath(p));
        assertThat(decoded).as(CborFixtures.hex(encoded)).isEqualTo(node);
    }
}
