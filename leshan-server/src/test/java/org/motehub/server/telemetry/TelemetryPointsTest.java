// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
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
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.Test;
import org.motehub.model.telemetry.TelemetryPoint;

/** Flattening of decoded LwM2M nodes into telemetry points, value by value and type by type. */
class TelemetryPointsTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final Instant DEVICE_TIME = Instant.parse("2026-05-06T07:00:00Z");

    private static List<TelemetryPoint> points(LwM2mPath path, LwM2mNode node) {
        return new TelemetryPoints(RECEIVED).add(path, node).points();
    }

    private static TelemetryPoint point(String path, Object value) {
        return new TelemetryPoint(path, RECEIVED, value);
    }

    @Test
    void each_resource_type_becomes_the_value_type_of_a_point() {
        LwM2mObjectInstance instance = new LwM2mObjectInstance(0, List.of(
                LwM2mSingleResource.newFloatResource(1, 21.5),
                LwM2mSingleResource.newIntegerResource(2, -7),
                LwM2mSingleResource.newUnsignedIntegerResource(3, ULong.valueOf(42)),
                LwM2mSingleResource.newBooleanResource(4, true),
                LwM2mSingleResource.newStringResource(5, "Cel"),
                LwM2mSingleResource.newDateResource(6, Date.from(DEVICE_TIME)),
                LwM2mSingleResource.newBinaryResource(7, new byte[] { 0x01, (byte) 0xab }),
                LwM2mSingleResource.newObjectLinkResource(8, new ObjectLink(3303, 1)),
                LwM2mSingleResource.newCoreLinkResource(9, new Link[] { new Link("/3/0") })));

        assertThat(points(new LwM2mPath(77, 0), instance)).containsExactlyInAnyOrder(point("/77/0/1", 21.5),
                point("/77/0/2", -7L), point("/77/0/3", 42L), point("/77/0/4", true), point("/77/0/5", "Cel"),
                point("/77/0/6", DEVICE_TIME), point("/77/0/7", "01ab"), point("/77/0/8", "3303:1"),
                point("/77/0/9", "</3/0>"));
    }

    @Test
    void unsigned_integers_above_the_long_range_become_doubles() {
        LwM2mSingleResource big = LwM2mSingleResource.newUnsignedIntegerResource(1, ULong.valueOf(
                "18446744073709551615"));

        assertThat(points(new LwM2mPath(77, 0, 1), big)).containsExactly(point("/77/0/1", 1.8446744073709552E19));
    }

    @Test
    void multi_instance_resources_give_one_point_per_instance() {
        LwM2mMultipleResource voltages = LwM2mMultipleResource.newIntegerResource(7, Map.of(0, 3300L, 1, 5000L));

        assertThat(points(new LwM2mPath(3, 0, 7), voltages)).containsExactlyInAnyOrder(point("/3/0/7/0", 3300L),
                point("/3/0/7/1", 5000L));
        assertThat(points(new LwM2mPath(3, 0, 7, 1), LwM2mResourceInstance.newIntegerInstance(1, 5000L)))
                .containsExactly(point("/3/0/7/1", 5000L));
    }

    @Test
    void objects_and_instances_are_walked_down_to_their_resources() {
        LwM2mObject object = new LwM2mObject(3303, List.of(
                new LwM2mObjectInstance(0, List.of(LwM2mSingleResource.newFloatResource(5700, 20.0))),
                new LwM2mObjectInstance(1, List.of(LwM2mSingleResource.newFloatResource(5700, 30.0),
                        LwM2mMultipleResource.newStringResource(5750, Map.of(2, "a"))))));

        assertThat(points(new LwM2mPath(3303), object)).containsExactlyInAnyOrder(point("/3303/0/5700", 20.0),
                point("/3303/1/5700", 30.0), point("/3303/1/5750/2", "a"));
    }

    @Test
    void device_timestamps_are_kept_and_missing_ones_take_the_receive_time() {
        LwM2mPath path = new LwM2mPath(3303, 0, 5700);
        TelemetryPoints points = new TelemetryPoints(RECEIVED).add(path, List.of(
                new TimestampedLwM2mNode(DEVICE_TIME, LwM2mSingleResource.newFloatResource(5700, 1.0)),
                new TimestampedLwM2mNode(null, LwM2mSingleResource.newFloatResource(5700, 2.0)),
                new TimestampedLwM2mNode(Instant.EPOCH, LwM2mSingleResource.newFloatResource(5700, 3.0))));

        assertThat(points.points()).containsExactly(new TelemetryPoint("/3303/0/5700", DEVICE_TIME, 1.0),
                point("/3303/0/5700", 2.0), point("/3303/0/5700", 3.0));
    }

    @Test
    void timestamped_nodes_of_a_send_keep_each_time() {
        TimestampedLwM2mNodes nodes = TimestampedLwM2mNodes.builder()
                .put(DEVICE_TIME, new LwM2mPath(3, 0, 9), LwM2mSingleResource.newIntegerResource(9, 80))
                .put(DEVICE_TIME.plusSeconds(10), new LwM2mPath(3, 0, 9), LwM2mSingleResource.newIntegerResource(9,
                        79))
                .put(new LwM2mPath(3303, 0, 5700), LwM2mSingleResource.newFloatResource(5700, 22.0)).build();

        assertThat(new TelemetryPoints(RECEIVED).add(nodes).points()).containsExactlyInAnyOrder(
                new TelemetryPoint("/3/0/9", DEVICE_TIME, 80L),
                new TelemetryPoint("/3/0/9", DEVICE_TIME.plusSeconds(10), 79L), point("/3303/0/5700", 22.0));
    }

    @Test
    void composite_maps_skip_paths_without_a_value() {
        java.util.HashMap<LwM2mPath, LwM2mNode> nodes = new java.util.HashMap<>();
        nodes.put(new LwM2mPath(3, 0, 9), LwM2mSingleResource.newIntegerResource(9, 50));
        nodes.put(new LwM2mPath(3303, 0, 5700), null);

        TelemetryPoints points = new TelemetryPoints(RECEIVED).add(nodes);

        assertThat(points.points()).containsExactly(point("/3/0/9", 50L));
        assertThat(points.problems()).isEmpty();
    }

    @Test
    void values_that_cannot_be_stored_are_left_out_and_described() {
        LwM2mObjectInstance instance = new LwM2mObjectInstance(0, List.of(
                LwM2mSingleResource.newFloatResource(1, Double.NaN),
                LwM2mSingleResource.newFloatResource(2, Double.POSITIVE_INFINITY),
                LwM2mSingleResource.newFloatResource(3, 4.5)));

        TelemetryPoints points = new TelemetryPoints(RECEIVED).add(new LwM2mPath(77, 0), instance);

        assertThat(points.points()).containsExactly(point("/77/0/3", 4.5));
        assertThat(points.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("unusable FLOAT value"));
    }

    @Test
    void convert_refuses_values_that_do_not_match_their_declared_type() {
        assertThat(TelemetryPoints.convert(Type.INTEGER, "12")).isNull();
        assertThat(TelemetryPoints.convert(Type.FLOAT, 12L)).isNull();
        assertThat(TelemetryPoints.convert(Type.TIME, 12L)).isNull();
        assertThat(TelemetryPoints.convert(Type.NONE, "x")).isNull();
        assertThat(TelemetryPoints.convert(null, "x")).isNull();
        assertThat(TelemetryPoints.convert(Type.STRING, null)).isNull();
    }
}
