// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.LinkParser;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mNodeException;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.MultiNodeDecoder;
import org.eclipse.leshan.core.node.codec.NodeDecoder;

import com.upokecenter.cbor.CBORObject;

/**
 * Leshan {@link NodeDecoder} for LwM2M-CBOR ({@code application/vnd.oma.lwm2m+cbor}, content format 11544, LwM2M TS
 * 1.2 Core section 7.4.6), and a {@link MultiNodeDecoder} for Read-Composite responses, Write-Composite requests and
 * composite notifications.
 * <p>
 * Every legal nesting and compression of the path keys is accepted (see {@link LwM2mCborTree}); each value must lie
 * under the path of the request, and its CBOR type must fit the resource type of the object model (or, for a resource
 * missing from the model, the type is guessed from the CBOR item). A {@code null} value is only meaningful in a
 * composite payload, where it stands for "no data" at that path. Anything else, including broken CBOR, is refused
 * with a {@link CodecException} naming the problem. Thread-safe.
 */
public class LwM2mCborNodeDecoder implements NodeDecoder, MultiNodeDecoder {

    private final LwM2mCborValues values;

    /** Creates a decoder with Leshan's default CoRE link parser for Corelnk resources. */
    public LwM2mCborNodeDecoder() {
        this(new DefaultLwM2mLinkParser());
    }

    /**
     * @param linkParser reads the value of Corelnk resources
     * @throws NullPointerException if {@code linkParser} is null
     */
    public LwM2mCborNodeDecoder(LinkParser linkParser) {
        Objects.requireNonNull(linkParser, "linkParser");
        this.values = new LwM2mCborValues(new DefaultLinkSerializer(), linkParser);
    }

    /**
     * @throws CodecException if the content is not LwM2M-CBOR, holds values outside {@code path}, does not have the
     *         shape of {@code nodeClass} or has a value of the wrong type
     */
    @Override
    public <T extends LwM2mNode> T decode(byte[] content, LwM2mPath path, LwM2mModel model, Class<T> nodeClass)
            throws CodecException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(model, "model");
        LwM2mCborTree tree = LwM2mCborTree.parse(content);
        Map<LwM2mPath, CBORObject> found = tree.values();
        Set<LwM2mPath> empty = tree.emptyContainers();
        requireUnder(path, found.keySet(), empty);
        for (Map.Entry<LwM2mPath, CBORObject> e : found.entrySet()) {
            if (e.getValue().isNull()) {
                throw new CodecException("null value at %s outside a composite payload", e.getKey());
            }
        }
        LwM2mNode node = build(path, found, empty, model);
        if (!nodeClass.isInstance(node)) {
            throw new CodecException("payload for %s holds a %s, not a %s", path, node.getClass().getSimpleName(),
                    nodeClass.getSimpleName());
        }
        return nodeClass.cast(node);
    }

    /**
     * With {@code paths}, each requested path maps to its node, or to {@code null} when the payload has no data (or a
     * CBOR null) for it; without, each value becomes a single resource or resource instance at its own path.
     *
     * @throws CodecException if the content is not LwM2M-CBOR, has values outside the requested paths or a value of
     *         the wrong type
     */
    @Override
    public Map<LwM2mPath, LwM2mNode> decodeNodes(byte[] content, List<LwM2mPath> paths, LwM2mModel model)
            throws CodecException {
        Objects.requireNonNull(model, "model");
        LwM2mCborTree tree = LwM2mCborTree.parse(content);
        Map<LwM2mPath, CBORObject> found = tree.values();
        Set<LwM2mPath> empty = tree.emptyContainers();
        Map<LwM2mPath, LwM2mNode> nodes = new HashMap<>();
        if (paths == null) {
            if (!empty.isEmpty()) {
                throw new CodecException("empty containers %s in a payload of single values", empty);
            }
            for (Map.Entry<LwM2mPath, CBORObject> e : found.entrySet()) {
                nodes.put(e.getKey(), e.getValue().isNull() ? null : build(e.getKey(), found, empty, model));
            }
            return nodes;
        }
        for (LwM2mPath path : paths) {
            Map<LwM2mPath, CBORObject> under = under(path, found);
            Set<LwM2mPath> emptyUnder = new TreeSet<>();
            empty.stream().filter(p -> p.startWith(path)).forEach(emptyUnder::add);
            boolean noData = under.isEmpty() && emptyUnder.isEmpty();
            boolean nullData = under.size() == 1 && under.containsKey(path) && under.get(path).isNull();
            nodes.put(path, noData || nullData ? null : build(path, under, emptyUnder, model));
        }
        List<LwM2mPath> outside = new ArrayList<>();
        for (LwM2mPath p : found.keySet()) {
            if (paths.stream().noneMatch(p::startWith)) {
                outside.add(p);
            }
        }
        if (!outside.isEmpty()) {
            throw new CodecException("values at %s were not requested (paths %s)", outside, paths);
        }
        return nodes;
    }

    private static void requireUnder(LwM2mPath path, Set<LwM2mPath> found, Set<LwM2mPath> empty) {
        for (Set<LwM2mPath> set : List.of(found, empty)) {
            for (LwM2mPath p : set) {
                if (!p.startWith(path)) {
                    throw new CodecException("payload has %s, which is not under the requested path %s", p, path);
                }
            }
        }
    }

    private static Map<LwM2mPath, CBORObject> under(LwM2mPath path, Map<LwM2mPath, CBORObject> found) {
        Map<LwM2mPath, CBORObject> under = new TreeMap<>();
        found.forEach((p, v) -> {
            if (p.startWith(path)) {
                under.put(p, v);
            }
        });
        return under;
    }

    /** Builds the node at {@code path} from the values and empty containers, all of which lie under it. */
    private LwM2mNode build(LwM2mPath path, Map<LwM2mPath, CBORObject> found, Set<LwM2mPath> empty,
            LwM2mModel model) {
        try {
            if (path.isRoot()) {
                List<LwM2mObject> objects = new ArrayList<>();
                for (int id : children(path, found, empty)) {
                    objects.add((LwM2mObject) build(path.append(id), found, empty, model));
                }
                return new LwM2mRoot(objects);
            } else if (path.isObject()) {
                List<LwM2mObjectInstance> instances = new ArrayList<>();
                for (int id : children(path, found, empty)) {
                    instances.add((LwM2mObjectInstance) build(path.append(id), found, empty, model));
                }
                return new LwM2mObject(path.getObjectId(), instances);
            } else if (path.isObjectInstance()) {
                List<LwM2mResource> resources = new ArrayList<>();
                for (int id : children(path, found, empty)) {
                    resources.add((LwM2mResource) build(path.append(id), found, empty, model));
                }
                return new LwM2mObjectInstance(path.getObjectInstanceId(), resources);
            } else if (path.isResource()) {
                return resource(path, found, empty, model);
            }
            CBORObject value = found.get(path);
            if (value == null) {
                throw new CodecException("no value for resource instance %s", path);
            }
            Type type = type(path, value, model);
            return LwM2mResourceInstance.newInstance(path.getResourceInstanceId(), values.fromCbor(type, value, path),
                    type);
        } catch (LwM2mNodeException | IllegalArgumentException e) {
            throw new CodecException(e, "invalid content at %s: %s", path, e.getMessage());
        }
    }

    private LwM2mResource resource(LwM2mPath path, Map<LwM2mPath, CBORObject> found, Set<LwM2mPath> empty,
            LwM2mModel model) {
        ResourceModel rm = model.getResourceModel(path.getObjectId(), path.getResourceId());
        CBORObject single = found.get(path);
        Set<Integer> instanceIds = children(path, found, empty);
        if (single != null) {
            if (rm != null && rm.multiple) {
                throw new CodecException("%s is a multi-instance resource but the payload gives it one value", path);
            }
            Type type = type(path, single, model);
            return LwM2mSingleResource.newResource(path.getResourceId(), values.fromCbor(type, single, path), type);
        }
        if (rm != null && !rm.multiple) {
            throw new CodecException("%s is a single-instance resource but the payload gives it %s", path,
                    instanceIds.isEmpty() ? "no value" : "instances " + instanceIds);
        }
        if (instanceIds.isEmpty() && rm == null) {
            throw new CodecException("no value for resource %s, which is not in the object model", path);
        }
        List<LwM2mResourceInstance> instances = new ArrayList<>();
        Type type = rm != null ? rm.type : null;
        for (int id : instanceIds) {
            LwM2mResourceInstance ri = (LwM2mResourceInstance) build(path.append(id), found, empty, model);
            if (type == null) {
                type = ri.getType();
            } else if (ri.getType() != type) {
                throw new CodecException("instances of %s have different types (%s, %s)", path, type, ri.getType());
            }
            instances.add(ri);
        }
        return new LwM2mMultipleResource(path.getResourceId(), type, instances);
    }

    private static Type type(LwM2mPath path, CBORObject value, LwM2mModel model) {
        ResourceModel rm = model.getResourceModel(path.getObjectId(), path.getResourceId());
        if (rm != null && rm.type != null) {
            return rm.type;
        }
        return LwM2mCborValues.guessType(value, path);
    }

    /** @return the ids one level below {@code path} that have values or are empty containers. */
    private static Set<Integer> children(LwM2mPath path, Map<LwM2mPath, CBORObject> found, Set<LwM2mPath> empty) {
        Set<Integer> ids = new TreeSet<>();
        int depth = depth(path);
        for (Set<LwM2mPath> set : List.of(found.keySet(), empty)) {
            for (LwM2mPath p : set) {
                if (depth(p) > depth && p.startWith(path)) {
                    ids.add(id(p, depth));
                }
            }
        }
        return ids;
    }

    private static int depth(LwM2mPath p) {
        return p.isRoot() ? 0 : p.isObject() ? 1 : p.isObjectInstance() ? 2 : p.isResource() ? 3 : 4;
    }

    private static int id(LwM2mPath p, int index) {
        switch (index) {
        case 0:
            return p.getObjectId();
        case 1:
            return p.getObjectInstanceId();
        case 2:
            return p.getResourceId();
        default:
            return p.getResourceInstanceId();
        }
    }
}
