// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders LwM2M content as plain JSON for operators: a resource as {@code {"value": ...}}, a multi-instance resource
 * as {@code {"values": {"0": ...}}}, an object instance as {@code {"resources": {"id": ...}}} and an object as
 * {@code {"instances": {"id": {...}}}}. Times are ISO-8601, opaque bytes hexadecimal, object links {@code "3:0"}.
 */
public final class ResponseJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DefaultLinkSerializer LINKS = new DefaultLinkSerializer();

    private ResponseJson() {
    }

    /** @return the CoAP form of a response code, e.g. {@code 2.05}. */
    public static String coapCode(ResponseCode code) {
        // Locale.ROOT: the default locale may format digits in another script (ar-SA gives "2.٠٥")
        return code.getCode() / 100 + "." + String.format(Locale.ROOT, "%02d", code.getCode() % 100);
    }

    /** @return the JSON rendering of {@code node}. */
    public static JsonNode of(LwM2mNode node) {
        if (node instanceof LwM2mObject object) {
            ObjectNode instances = JSON.objectNode();
            for (Map.Entry<Integer, LwM2mObjectInstance> e : object.getInstances().entrySet()) {
                instances.set(e.getKey().toString(), of(e.getValue()));
            }
            return JSON.objectNode().set("instances", instances);
        }
        if (node instanceof LwM2mObjectInstance instance) {
            ObjectNode resources = JSON.objectNode();
            for (Map.Entry<Integer, LwM2mResource> e : instance.getResources().entrySet()) {
                resources.set(e.getKey().toString(), resourceValue(e.getValue()));
            }
            return JSON.objectNode().set("resources", resources);
        }
        if (node instanceof LwM2mMultipleResource multiple) {
            return JSON.objectNode().set("values", resourceValue(multiple));
        }
        if (node instanceof LwM2mSingleResource single) {
            return JSON.objectNode().set("value", value(single.getValue()));
        }
        if (node instanceof LwM2mResourceInstance ri) {
            return JSON.objectNode().set("value", value(ri.getValue()));
        }
        return JSON.textNode(String.valueOf(node));
    }

    /** @return links as CoRE link format text, wrapped in {@code {"links": ...}}. */
    public static JsonNode ofLinks(Link[] links) {
        return JSON.objectNode().put("links", LINKS.serializeCoreLinkFormat(links));
    }

    private static JsonNode resourceValue(LwM2mResource resource) {
        if (resource.isMultiInstances()) {
            ObjectNode values = JSON.objectNode();
            for (Map.Entry<Integer, LwM2mResourceInstance> e : resource.getInstances().entrySet()) {
                values.set(e.getKey().toString(), value(e.getValue().getValue()));
            }
            return values;
        }
        return value(resource.getValue());
    }

    static JsonNode value(Object v) {
        if (v == null) {
            return JSON.nullNode();
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (v instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (v instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (v instanceof ULong u) {
            return JSON.numberNode(u.toBigInteger());
        }
        if (v instanceof Date d) {
            return JSON.textNode(d.toInstant().toString());
        }
        if (v instanceof byte[] bytes) {
            return JSON.textNode(HexFormat.of().formatHex(bytes));
        }
        if (v instanceof ObjectLink link) {
            return JSON.textNode(link.getObjectId() + ":" + link.getObjectInstanceId());
        }
        if (v instanceof Link[] links) {
            return JSON.textNode(LINKS.serializeCoreLinkFormat(links));
        }
        return JSON.textNode(v.toString());
    }
}
