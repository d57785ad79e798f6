// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.CodecException;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * The path structure of an LwM2M-CBOR payload: nested maps keyed by path components (Object ID, Object Instance ID,
 * Resource ID, Resource Instance ID), resource values at the leaves.
 * <p>
 * A key is either one unsigned integer or an array of several consecutive components, so {@code {3: {0: {9: 90}}}},
 * {@code {[3, 0]: {9: 90}}} and {@code {[3, 0, 9]: 90}} are the same content; sibling keys may share a prefix
 * ({@code {[3, 0, 9]: 90, [3, 0]: {10: 15}}}). {@link #parse} accepts all of these, definite or indefinite length,
 * and refuses what is not a path: a key that is not an unsigned integer or a non-empty array of them, a path deeper
 * than a resource instance, a value above resource level, a value given twice, an array or tagged item as value.
 * <p>
 * {@link #encode()} writes the most compact form: definite-length maps, keys in ascending order, and every chain of
 * single-entry maps collapsed into one array key, so a request path is written once as a prefix
 * ({@code {[3303, 0]: {5700: 21.5, 5701: "Cel"}}}). An empty map stands for a container without children (an object
 * instance without readable resources, a multi-instance resource without instances).
 * <p>
 * Sources: the format is defined in LwM2M TS 1.2 Core, section 7.4.6 "LwM2M CBOR" (media type registered with IANA
 * for 11544). The TS text itself could not be consulted while writing this; the layout above follows AVSystem Anjay's
 * implementation ({@code src/core/io/anjay_lwm2m_cbor_in.c}, {@code anjay_lwm2m_cbor_out.c}) and its test vectors
 * ({@code tests/core/io/lwm2m_cbor_in.c}, {@code lwm2m_cbor_out.c}), which the unit tests reuse byte for byte. Path
 * components above 65535 are refused, as there; Anjay's gateway prefixes (text keys, LwM2M Gateway) are not supported.
 */
final class LwM2mCborTree {

    private static final int MAX_DEPTH = 4;
    private static final int MIN_VALUE_DEPTH = 3;
    private static final int MAX_ID = 65535;

    /** Component id to either a nested {@code TreeMap} or a {@link CBORObject} value. */
    private final TreeMap<Integer, Object> root = new TreeMap<>();

    /**
     * Adds a resource or resource instance value.
     *
     * @throws CodecException if {@code path} already has a value or values below it
     */
    void put(LwM2mPath path, CBORObject value) {
        List<Integer> ids = ids(path);
        if (ids.size() < MIN_VALUE_DEPTH) {
            throw new CodecException("%s cannot hold a value: values belong to resources or resource instances", path);
        }
        TreeMap<Integer, Object> parent = mapAt(ids.subList(0, ids.size() - 1), path);
        Integer last = ids.get(ids.size() - 1);
        Object existing = parent.get(last);
        if (existing instanceof TreeMap) {
            throw new CodecException("%s has both a value and values below it", path);
        } else if (existing != null) {
            throw new CodecException("%s is given more than once", path);
        }
        parent.put(last, value);
    }

    /**
     * Declares a container ({@code path} is an object, an object instance or a resource) that may have no children.
     *
     * @throws CodecException if {@code path} already has a value
     */
    void putContainer(LwM2mPath path) {
        mapAt(ids(path), path);
    }

    @SuppressWarnings("unchecked")
    private TreeMap<Integer, Object> mapAt(List<Integer> ids, LwM2mPath path) {
        TreeMap<Integer, Object> map = root;
        for (Integer id : ids) {
            Object child = map.computeIfAbsent(id, k -> new TreeMap<Integer, Object>());
            if (!(child instanceof TreeMap)) {
                throw new CodecException("%s has both a value and values below it", path);
            }
            map = (TreeMap<Integer, Object>) child;
        }
        return map;
    }

    /** @return every value by its full path, in path order. */
    Map<LwM2mPath, CBORObject> values() {
        Map<LwM2mPath, CBORObject> values = new TreeMap<>();
        walk(root, LwM2mPath.ROOTPATH, values, new LinkedHashSet<>());
        return values;
    }

    /** @return the paths of the containers written as empty maps. */
    Set<LwM2mPath> emptyContainers() {
        Set<LwM2mPath> empty = new LinkedHashSet<>();
        walk(root, LwM2mPath.ROOTPATH, new TreeMap<>(), empty);
        return empty;
    }

    @SuppressWarnings("unchecked")
    private static void walk(TreeMap<Integer, Object> map, LwM2mPath path, Map<LwM2mPath, CBORObject> values,
            Set<LwM2mPath> empty) {
        if (map.isEmpty() && !path.isRoot()) {
            empty.add(path);
        }
        for (Map.Entry<Integer, Object> e : map.entrySet()) {
            LwM2mPath child = path.append(e.getKey());
            if (e.getValue() instanceof TreeMap) {
                walk((TreeMap<Integer, Object>) e.getValue(), child, values, empty);
            } else {
                values.put(child, (CBORObject) e.getValue());
            }
        }
    }

    /** @return the payload, in the most compact form (see the class comment). */
    byte[] encode() {
        return toCbor(root).EncodeToBytes();
    }

    @SuppressWarnings("unchecked")
    private static CBORObject toCbor(TreeMap<Integer, Object> map) {
        CBORObject out = CBORObject.NewOrderedMap();
        for (Map.Entry<Integer, Object> e : map.entrySet()) {
            List<Integer> key = new ArrayList<>(MAX_DEPTH);
            key.add(e.getKey());
            Object value = e.getValue();
            while (value instanceof TreeMap && ((TreeMap<Integer, Object>) value).size() == 1) {
                Map.Entry<Integer, Object> only = ((TreeMap<Integer, Object>) value).firstEntry();
                key.add(only.getKey());
                value = only.getValue();
            }
            CBORObject cborKey;
            if (key.size() == 1) {
                cborKey = CBORObject.FromObject(key.get(0).intValue());
            } else {
                cborKey = CBORObject.NewArray();
                for (Integer id : key) {
                    cborKey.Add(CBORObject.FromObject(id.intValue()));
                }
            }
            out.Add(cborKey, value instanceof TreeMap ? toCbor((TreeMap<Integer, Object>) value) : value);
        }
        return out;
    }

    /**
     * @throws CodecException if {@code content} is not well-formed CBOR or not an LwM2M-CBOR path structure
     */
    static LwM2mCborTree parse(byte[] content) {
        if (content == null || content.length == 0) {
            throw new CodecException("empty LwM2M-CBOR payload");
        }
        CBORObject cbor;
        try {
            cbor = CBORObject.DecodeFromBytes(content);
        } catch (CBORException e) {
            throw new CodecException(e, "malformed CBOR: %s", e.getMessage());
        }
        if (cbor.getType() != CBORType.Map || cbor.isTagged()) {
            throw new CodecException("LwM2M-CBOR payload must be a CBOR map, not %s", cbor.getType());
        }
        LwM2mCborTree tree = new LwM2mCborTree();
        tree.read(cbor, Collections.emptyList());
        return tree;
    }

    private void read(CBORObject map, List<Integer> prefix) {
        if (map.size() == 0 && !prefix.isEmpty()) {
            putContainer(toPath(prefix));
        }
        for (Map.Entry<CBORObject, CBORObject> e : map.getEntries()) {
            List<Integer> ids = new ArrayList<>(prefix);
            ids.addAll(keyIds(e.getKey()));
            if (ids.size() > MAX_DEPTH) {
                throw new CodecException("path %s is deeper than a resource instance", ids);
            }
            CBORObject value = e.getValue();
            if (value.getType() == CBORType.Map && !value.isTagged()) {
                read(value, ids);
            } else if (value.getType() == CBORType.Array && !value.isNumber()) {
                throw new CodecException("value at %s is an array; arrays are only allowed as keys", toPath(ids));
            } else {
                put(toPath(ids), value);
            }
        }
    }

    private static List<Integer> keyIds(CBORObject key) {
        if (key.getType() == CBORType.Array && !key.isTagged()) {
            if (key.size() == 0) {
                throw new CodecException("empty array as path key");
            }
            List<Integer> ids = new ArrayList<>(key.size());
            for (CBORObject id : key.getValues()) {
                ids.add(id(id));
            }
            return ids;
        }
        return List.of(id(key));
    }

    private static int id(CBORObject id) {
        if (id.getType() != CBORType.Integer || id.isTagged() || id.AsNumber().IsNegative()
                || !id.AsNumber().CanFitInInt32() || id.AsInt32Value() > MAX_ID) {
            throw new CodecException("path component %s is not an unsigned integer up to %d", id, MAX_ID);
        }
        return id.AsInt32Value();
    }

    private static LwM2mPath toPath(List<Integer> ids) {
        try {
            switch (ids.size()) {
            case 1:
                return new LwM2mPath(ids.get(0));
            case 2:
                return new LwM2mPath(ids.get(0), ids.get(1));
            case 3:
                return new LwM2mPath(ids.get(0), ids.get(1), ids.get(2));
            default:
                return new LwM2mPath(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
            }
        } catch (InvalidLwM2mPathException e) {
            throw new CodecException(e, "invalid path %s", ids);
        }
    }

    private static List<Integer> ids(LwM2mPath path) {
        List<Integer> ids = new ArrayList<>(MAX_DEPTH);
        for (Integer id : new Integer[] { path.getObjectId(), path.getObjectInstanceId(), path.getResourceId(),
                path.getResourceInstanceId() }) {
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }
}
