// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.model.LwM2mModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.command.Command;
import org.motehub.server.lwm2m.cbor.MotehubCodecs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a stored {@link Command} into the Leshan request that carries it, converting JSON write values to the
 * resource types of the device's object model. Reads, observes and writes use LwM2M-CBOR for a device that announces
 * it ({@link MotehubCodecs#preferredFormat}), else Leshan's defaults.
 */
public class LwM2mRequests {

    /** A command that cannot be turned into a request (unknown resource, value of the wrong type). */
    public static class UnsendableCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsendableCommandException(String message) {
            super(message);
        }
    }

    private final LwM2mModelProvider models;

    /**
     * @throws NullPointerException if {@code models} is null
     */
    public LwM2mRequests(LwM2mModelProvider models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * @return the request for {@code command}; CANCEL_OBSERVE has none and is handled by the caller
     * @throws UnsendableCommandException when the command does not fit the device's object model
     */
    public DownlinkRequest<? extends LwM2mResponse> build(Registration registration, Command command) {
        LwM2mPath path = new LwM2mPath(command.path());
        switch (command.type()) {
        case READ:
            return new ReadRequest(format(registration), path, null);
        case OBSERVE:
            return new ObserveRequest(format(registration), path, null);
        case DISCOVER:
            return new DiscoverRequest(command.path());
        case EXECUTE:
            return new ExecuteRequest(command.path(), command.arguments());
        case WRITE:
            return write(models.getObjectModel(registration), format(registration), path, command);
        default:
            throw new IllegalArgumentException(command.type() + " is not a downlink request");
        }
    }

    /**
     * LwM2M-CBOR for a device that announces it, else null: Leshan's default (no Accept on reads, TLV for writes).
     */
    private static ContentFormat format(Registration registration) {
        return MotehubCodecs.preferredFormat(registration).orElse(null);
    }

    private WriteRequest write(LwM2mModel model, ContentFormat format, LwM2mPath path, Command command) {
        if (path.isObjectInstance()) {
            List<LwM2mResource> resources = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = command.values().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                int resourceId = Integer.parseInt(e.getKey());
                resources.add(resource(model, path.getObjectId(), resourceId, e.getValue()));
            }
            return new WriteRequest(Mode.UPDATE, format, path,
                    new LwM2mObjectInstance(path.getObjectInstanceId(), resources), null);
        }
        ResourceModel rm = resourceModel(model, path.getObjectId(), path.getResourceId());
        LwM2mNode node;
        if (path.isResourceInstance()) {
            node = LwM2mResourceInstance.newInstance(path.getResourceInstanceId(),
                    convert(rm, command.value()), rm.type);
        } else {
            node = resource(model, path.getObjectId(), path.getResourceId(), command.value());
        }
        return new WriteRequest(Mode.REPLACE, format, path, node, null);
    }

    private LwM2mResource resource(LwM2mModel model, int objectId, int resourceId, JsonNode value) {
        ResourceModel rm = resourceModel(model, objectId, resourceId);
        if (rm.multiple) {
            if (!value.isObject()) {
                throw new UnsendableCommandException("resource " + objectId + "/" + resourceId
                        + " has several instances: give an object of instance id to value");
            }
            Map<Integer, Object> values = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    values.put(Integer.parseInt(e.getKey()), convert(rm, e.getValue()));
                } catch (NumberFormatException ex) {
                    throw new UnsendableCommandException("'" + e.getKey() + "' is not a resource instance id");
                }
            }
            return LwM2mMultipleResource.newResource(resourceId, values, rm.type);
        }
        return LwM2mSingleResource.newResource(resourceId, convert(rm, value), rm.type);
    }

    private static ResourceModel resourceModel(LwM2mModel model, int objectId, int resourceId) {
        ResourceModel rm = model.getResourceModel(objectId, resourceId);
        if (rm == null) {
            throw new UnsendableCommandException(
                    "resource /" + objectId + "/x/" + resourceId + " is not in the device's object model");
        }
        return rm;
    }

    /** Converts a JSON value to the Java type Leshan uses for {@code rm}'s type. */
    static Object convert(ResourceModel rm, JsonNode v) {
        String where = "value for resource " + rm.id + " (" + rm.type + ")";
        Type type = rm.type;
        try {
            switch (type) {
            case STRING:
                return requireScalar(v, where).asText();
            case INTEGER:
                if (v.canConvertToExactIntegral() && v.canConvertToLong()) {
                    return v.asLong();
                }
                return Long.parseLong(requireText(v, where));
            case UNSIGNED_INTEGER:
                // BigInteger, not long: a JSON number above 2^63 would otherwise be truncated (2^64 + 5 became 5)
                BigInteger u = v.isIntegralNumber() ? v.bigIntegerValue() : new BigInteger(requireText(v, where));
                if (u.signum() < 0) {
                    throw new UnsendableCommandException(where + " must not be negative");
                }
                return ULong.valueOf(u);
            case FLOAT:
                if (v.isNumber()) {
                    return v.asDouble();
                }
                return Double.parseDouble(requireText(v, where));
            case BOOLEAN:
                if (v.isBoolean()) {
                    return v.asBoolean();
                }
                String b = requireText(v, where);
                if (b.equals("true") || b.equals("false")) {
                    return Boolean.parseBoolean(b);
                }
                throw new UnsendableCommandException(where + " must be true or false");
            case TIME:
                if (v.isIntegralNumber()) {
                    return new Date(v.asLong() * 1000);
                }
                return Date.from(Instant.parse(requireText(v, where)));
            case OPAQUE:
                return HexFormat.of().parseHex(requireText(v, where));
            case OBJLNK:
                String[] parts = requireText(v, where).split(":");
                if (parts.length != 2) {
                    throw new UnsendableCommandException(where + " must be objectId:instanceId");
                }
                return new ObjectLink(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            default:
                throw new UnsendableCommandException("writing " + type + " resources is not supported");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UnsendableCommandException(where + " is malformed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UnsendableCommandException(where + " is malformed: " + e.getMessage());
        }
    }

    private static JsonNode requireScalar(JsonNode v, String where) {
        if (!v.isValueNode()) {
            throw new UnsendableCommandException(where + " must be a single value");
        }
        return v;
    }

    private static String requireText(JsonNode v, String where) {
        return requireScalar(v, where).asText();
    }
}
