// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.motehub.model.telemetry.TelemetryPoint;

/**
 * Flattens decoded LwM2M nodes into {@link TelemetryPoint}s: one point per single resource and per resource instance
 * ({@code /o/i/r/ri}), whatever the depth of the node (object, instance, resource). Numbers become {@link Long} or
 * {@link Double}, times {@link Instant}, opaque values lower-case hexadecimal, object links {@code "o:i"}. Each
 * value takes the device's timestamp when it sent one, else the receive time given at construction. Values that
 * cannot be stored (a non-finite float, a resource without a value) are left out and described in
 * {@link #problems()}. Not thread-safe: one instance per payload.
 */
public final class TelemetryPoints {

    private final Instant receivedAt;
    private final List<TelemetryPoint> points = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param receivedAt the time of values the device sent without a timestamp
     * @throws NullPointerException if {@code receivedAt} is null
     */
    public TelemetryPoints(Instant receivedAt) {
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** @return the points collected so far. */
    public List<TelemetryPoint> points() {
        return points;
    }

    /** @return why values were left out, one entry per value. */
    public List<String> problems() {
        return problems;
    }

    /** Adds a node decoded at {@code path}, without a timestamp of the device's. */
    public TelemetryPoints add(LwM2mPath path, LwM2mNode node) {
        return add(path, node, null);
    }

    /** Adds a node decoded at {@code path} with the device's timestamp, or null when it sent none. */
    public TelemetryPoints add(LwM2mPath path, LwM2mNode node, Instant deviceTime) {
        Instant time = deviceTime != null && deviceTime.isAfter(Instant.EPOCH) ? deviceTime : receivedAt;
        visit(path, node, time);
        return this;
    }

    /** Adds the values of a notification that carried several timestamped states of the node at {@code path}. */
    public TelemetryPoints add(LwM2mPath path, List<TimestampedLwM2mNode> nodes) {
        for (TimestampedLwM2mNode n : nodes) {
            add(path, n.getNode(), n.isTimestamped() ? n.getTimestamp() : null);
        }
        return this;
    }

    /** Adds nodes keyed by their paths, as composite operations carry them. */
    public TelemetryPoints add(Map<LwM2mPath, LwM2mNode> nodes) {
        nodes.forEach((path, node) -> add(path, node, null));
        return this;
    }

    /** Adds every node of a Send or a timestamped composite notification, each with its timestamp. */
    public TelemetryPoints add(TimestampedLwM2mNodes nodes) {
        for (Instant t : nodes.getTimestamps()) {
            nodes.getNodesAt(t).forEach((path, node) -> add(path, node, t));
        }
        return this;
    }

    private void visit(LwM2mPath path, LwM2mNode node, Instant time) {
        if (node == null) {
            return; // a composite answer without a value for this path
        }
        if (node instanceof LwM2mRoot root) {
            root.getObjects().values().forEach(o -> visit(new LwM2mPath(o.getId()), o, time));
        } else if (node instanceof LwM2mObject object) {
            object.getInstances().values().forEach(i -> visit(new LwM2mPath(object.getId(), i.getId()), i, time));
        } else if (node instanceof LwM2mObjectInstance instance) {
            LwM2mPath instancePath = new LwM2mPath(path.getObjectId(), instance.getId());
            instance.getResources().values().forEach(r -> visit(instancePath.append(r.getId()), r, time));
        } else if (node instanceof LwM2mResource resource) {
            if (resource.isMultiInstances()) {
                resource.getInstances().values().forEach(ri -> visit(path.append(ri.getId()), ri, time));
            } else {
                value(path, resource.getType(), resource.getValue(), time);
            }
        } else if (node instanceof LwM2mResourceInstance instance) {
            value(path, instance.getType(), instance.getValue(), time);
        } else {
            problems.add(path + ": unexpected node " + node.getClass().getSimpleName());
        }
    }

    private void value(LwM2mPath path, Type type, Object value, Instant time) {
        Object converted = convert(type, value);
        if (converted == null) {
            problems.add(path + ": " + (value == null ? "no value" : "unusable " + type + " value " + value));
            return;
        }
        points.add(new TelemetryPoint(path.toString(), time, converted));
    }

    /** @return the value as a {@link TelemetryPoint} accepts it, or null when it cannot be stored. */
    static Object convert(Type type, Object value) {
        if (value == null || type == null) {
            return null;
        }
        switch (type) {
        case STRING:
            return value instanceof String ? value : null;
        case BOOLEAN:
            return value instanceof Boolean ? value : null;
        case INTEGER:
            return value instanceof Long ? value : null;
        case FLOAT:
            return value instanceof Double d && Double.isFinite(d) ? d : null;
        case UNSIGNED_INTEGER:
            if (value instanceof ULong u) {
                return u.compareTo(ULong.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) u.longValue()
                        : (Object) u.doubleValue();
            }
            return null;
        case TIME:
            return value instanceof Date d ? d.toInstant() : null;
        case OPAQUE:
            return value instanceof byte[] b ? HexFormat.of().formatHex(b) : null;
        case OBJLNK:
            return value instanceof ObjectLink l ? l.getObjectId() + ":" + l.getObjectInstanceId() : null;
        case CORELINK:
            if (value instanceof Link[] links) {
                List<String> parts = new ArrayList<>();
                for (Link l : links) {
                    parts.add(l.toCoreLinkFormat());
                }
                return String.join(",", parts);
            }
            return null;
        default:
            return null;
        }
    }
}
