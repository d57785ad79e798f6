// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.LinkSerializer;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mNodeUtil;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.LwM2mValueConverter;
import org.eclipse.leshan.core.node.codec.MultiNodeEncoder;
import org.eclipse.leshan.core.node.codec.NodeEncoder;

/**
 * Leshan {@link NodeEncoder} for LwM2M-CBOR ({@code application/vnd.oma.lwm2m+cbor}, content format 11544, LwM2M TS
 * 1.2 Core section 7.4.6): any node (root, object, object instance, resource, resource instance) becomes a CBOR map of
 * path components, and, as a {@link MultiNodeEncoder}, the nodes of a Read-Composite response or a Write-Composite
 * request become one such map.
 * <p>
 * The output is the most compact form: a chain of single-entry maps is written as one array key, so a read of
 * {@code /3303/0} gives {@code {[3303, 0]: {5700: 21.5, 5701: "Cel"}}} and of {@code /3/0/9} gives
 * {@code {[3, 0, 9]: 90}}. Values are typed by the object model when the resource is in it, else by the node; see
 * {@link LwM2mCborValues} for each type. LwM2M-CBOR has no timestamps, so this class implements neither
 * {@code TimestampedNodeEncoder} nor {@code TimestampedMultiNodeEncoder}: Leshan refuses timestamped data for it.
 * Thread-safe.
 */
public class LwM2mCborNodeEncoder implements NodeEncoder, MultiNodeEncoder {

    private final LwM2mCborValues values;

    /** Creates an encoder with Leshan's default CoRE link serializer for Corelnk resources. */
    public LwM2mCborNodeEncoder() {
        this(new DefaultLinkSerializer());
    }

    /**
     * @param linkSerializer writes the value of Corelnk resources
     * @throws NullPointerException if {@code linkSerializer} is null
     */
    public LwM2mCborNodeEncoder(LinkSerializer linkSerializer) {
        this.values = new LwM2mCborValues(Objects.requireNonNull(linkSerializer, "linkSerializer"),
                new DefaultLwM2mLinkParser());
    }

    /**
     * @throws CodecException if {@code node} does not fit {@code path}, or a value cannot be encoded (an executable
     *         resource, a value the converter cannot bring to the model's type)
     */
    @Override
    public byte[] encode(LwM2mNode node, LwM2mPath path, LwM2mModel model, LwM2mValueConverter converter)
            throws CodecException {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(model, "model");
        LwM2mCborTree tree = new LwM2mCborTree();
        add(tree, node, path, model, converter);
        return tree.encode();
    }

    /**
     * Encodes the nodes under their paths in one map; a path mapped to {@code null} (no data) is left out.
     *
     * @throws CodecException if a node does not fit its path, two nodes overlap, or a value cannot be encoded
     */
    @Override
    public byte[] encodeNodes(Map<LwM2mPath, LwM2mNode> nodes, LwM2mModel model, LwM2mValueConverter converter)
            throws CodecException {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(model, "model");
        LwM2mCborTree tree = new LwM2mCborTree();
        for (Map.Entry<LwM2mPath, LwM2mNode> e : new TreeMap<>(nodes).entrySet()) {
            if (e.getValue() != null) {
                add(tree, e.getValue(), e.getKey(), model, converter);
            }
        }
        return tree.encode();
    }

    private void add(LwM2mCborTree tree, LwM2mNode node, LwM2mPath path, LwM2mModel model,
            LwM2mValueConverter converter) {
        String mismatch = LwM2mNodeUtil.getInvalidPathForNodeCause(node, path);
        if (mismatch != null) {
            throw new CodecException("cannot encode %s at %s: %s", node.getClass().getSimpleName(), path, mismatch);
        }
        if (node instanceof LwM2mRoot root) {
            for (LwM2mObject object : root.getObjects().values()) {
                add(tree, object, new LwM2mPath(object.getId()), model, converter);
            }
        } else if (node instanceof LwM2mObject object) {
            tree.putContainer(path);
            for (LwM2mObjectInstance instance : object.getInstances().values()) {
                add(tree, instance, path.append(instance.getId()), model, converter);
            }
        } else if (node instanceof LwM2mObjectInstance instance) {
            tree.putContainer(path);
            for (LwM2mResource resource : instance.getResources().values()) {
                add(tree, resource, path.append(resource.getId()), model, converter);
            }
        } else if (node instanceof LwM2mResource resource) {
            if (resource.isMultiInstances()) {
                tree.putContainer(path);
                for (LwM2mResourceInstance ri : resource.getInstances().values()) {
                    add(tree, ri, path.append(ri.getId()), model, converter);
                }
            } else {
                putValue(tree, path, resource.getValue(), resource.getType(), model, converter);
            }
        } else if (node instanceof LwM2mResourceInstance ri) {
            putValue(tree, path, ri.getValue(), ri.getType(), model, converter);
        } else {
            throw new CodecException("cannot encode %s at %s in LwM2M-CBOR", node.getClass().getSimpleName(), path);
        }
    }

    private void putValue(LwM2mCborTree tree, LwM2mPath path, Object value, Type nodeType, LwM2mModel model,
            LwM2mValueConverter converter) {
        ResourceModel rm = model.getResourceModel(path.getObjectId(), path.getResourceId());
        Type type = rm != null && rm.type != null ? rm.type : nodeType;
        if (type == null || type == Type.NONE) {
            throw new CodecException("resource %s has no value type (executable?)", path);
        }
        Object converted = converter == null ? value : converter.convertValue(value, nodeType, type, path);
        tree.put(path, values.toCbor(type, converted, path));
    }
}
