// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.attributes.Attribute;
import org.eclipse.leshan.core.link.attributes.AttributeModel;
import org.eclipse.leshan.core.link.attributes.AttributeParser;
import org.eclipse.leshan.core.link.attributes.Attributes;
import org.eclipse.leshan.core.link.attributes.DefaultAttributeParser;
import org.eclipse.leshan.core.link.attributes.InvalidAttributeException;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.MixedLwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttribute;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mPath;

import org.motehub.server.registration.BoundedMemo;

/**
 * Stored form of a registration's object links and LwM2M paths: each link keeps its Java type ({@link Link},
 * {@link MixedLwM2mLink}, {@link LwM2mLink}) and its attributes as CoRE link values, read back with the LwM2M-aware
 * attribute parser so typed attributes ({@code ver}, {@code ct}, {@code pmin}...) read back equal. Formatted and
 * parsed attributes are cached, up to a bound, because a fleet shares a few of them. Thread-safe.
 */
final class ObjectLinkCodec {

    private static final byte LINK_CORE = 0;
    private static final byte LINK_MIXED = 1;
    private static final byte LINK_LWM2M = 2;

    private static final int ATTRIBUTE_CACHE_MAX = 4096;

    /** Knows the CoRE and LwM2M link attributes, as the parser that reads a REGISTER's links does. */
    private final AttributeParser attributeParser;
    /*
     * Devices of a fleet share a few attribute values (ver=1.1, the same ct list...): formatting one costs a
     * String.format (Version.toString), parsing one a small parser. Attributes are immutable values, so both results
     * are kept, up to a bound, and shared between registrations.
     */
    private final BoundedMemo<Attribute, String> coreLinkValues = new BoundedMemo<>(ATTRIBUTE_CACHE_MAX);
    /** Keyed "name" (valueless) or "name=value": an attribute name never holds '='. */
    private final BoundedMemo<String, Attribute> parsedAttributes = new BoundedMemo<>(ATTRIBUTE_CACHE_MAX);

    ObjectLinkCodec() {
        Collection<AttributeModel<?>> known = new ArrayList<>();
        known.addAll(Attributes.ALL);
        known.addAll(LwM2mAttributes.ALL);
        this.attributeParser = new DefaultAttributeParser(known);
    }

    /** @throws IllegalArgumentException if {@code link} is of a link type this format does not know */
    void writeLink(ByteWriter w, Link link) {
        Class<?> type = link.getClass();
        if (type == Link.class) {
            w.rawByte(LINK_CORE);
            w.string(link.getUriReference());
        } else if (type == MixedLwM2mLink.class || type == LwM2mLink.class) {
            MixedLwM2mLink lwm2m = (MixedLwM2mLink) link;
            w.rawByte(type == LwM2mLink.class ? LINK_LWM2M : LINK_MIXED);
            w.string(lwm2m.getRootPath());
            writePath(w, lwm2m.getPath());
        } else {
            throw new IllegalArgumentException("cannot encode link type " + type.getName());
        }
        Collection<Attribute> attributes = link.getAttributes().asCollection();
        w.varLong(attributes.size());
        for (Attribute a : attributes) {
            w.string(a.getName());
            w.string(a.hasValue() ? coreLinkValue(a) : null);
        }
    }

    private String coreLinkValue(Attribute a) {
        String value = coreLinkValues.get(a);
        return value != null ? value : coreLinkValues.remember(a, a.getCoreLinkValue());
    }

    /**
     * @throws IllegalArgumentException on an unknown link type, a nameless or non-LwM2M attribute, or damaged bytes
     * @throws InvalidAttributeException if the attribute parser refuses a stored attribute
     */
    Link readLink(ByteReader in) throws InvalidAttributeException {
        byte type = in.rawByte();
        String uri = null;
        String rootPath = null;
        LwM2mPath path = null;
        switch (type) {
        case LINK_CORE -> uri = in.string();
        case LINK_MIXED, LINK_LWM2M -> {
            rootPath = in.string();
            path = readPath(in);
        }
        default -> throw new IllegalArgumentException("stored registration has an unknown link type " + type);
        }
        int n = in.elements();
        List<Attribute> attributes = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            String name = in.string();
            attributes.add(parseAttribute(name, in.string()));
        }
        if (type == LINK_CORE) {
            return new Link(uri, attributes);
        }
        if (type == LINK_MIXED) {
            return new MixedLwM2mLink(rootPath, path, attributes);
        }
        List<LwM2mAttribute<?>> lwm2m = new ArrayList<>(attributes.size());
        for (Attribute a : attributes) {
            if (!(a instanceof LwM2mAttribute<?> la)) {
                throw new IllegalArgumentException("stored LwM2M link " + path + " has the non-LwM2M attribute "
                        + a.getName());
            }
            lwm2m.add(la);
        }
        return new LwM2mLink(rootPath, path, lwm2m);
    }

    private Attribute parseAttribute(String name, String value) throws InvalidAttributeException {
        if (name == null) {
            throw new IllegalArgumentException("stored registration has a link attribute without a name");
        }
        if (name.indexOf('=') >= 0) { // not a valid name: let the parser say so, and keep the keys unambiguous
            return attributeParser.parseCoreLinkValue(name, value);
        }
        String key = value == null ? name : name + '=' + value;
        Attribute attribute = parsedAttributes.get(key);
        return attribute != null ? attribute
                : parsedAttributes.remember(key, attributeParser.parseCoreLinkValue(name, value));
    }

    /** Writes the depth (0 to 4) then each id: a link's path or an available instance. */
    static void writePath(ByteWriter w, LwM2mPath path) {
        Integer[] ids = { path.getObjectId(), path.getObjectInstanceId(), path.getResourceId(),
                path.getResourceInstanceId() };
        int depth = 0;
        while (depth < ids.length && ids[depth] != null) {
            depth++;
        }
        w.rawByte(depth);
        for (int i = 0; i < depth; i++) {
            w.varLong(ids[i]);
        }
    }

    static LwM2mPath readPath(ByteReader in) {
        int depth = in.rawByte();
        return switch (depth) {
        case 0 -> LwM2mPath.ROOTPATH;
        case 1 -> new LwM2mPath(in.count());
        case 2 -> new LwM2mPath(in.count(), in.count());
        case 3 -> new LwM2mPath(in.count(), in.count(), in.count());
        case 4 -> new LwM2mPath(in.count(), in.count(), in.count(), in.count());
        default -> throw new IllegalArgumentException("stored registration has a path of depth " + depth);
        };
    }
}
