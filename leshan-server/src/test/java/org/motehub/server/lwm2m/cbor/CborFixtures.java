// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.model.StaticModel;
import org.motehub.server.objects.ObjectModels;

/**
 * Object models and hex helpers shared by the LwM2M-CBOR codec tests: the bundled models (Device 3, Temperature
 * 3303), object 13 with the resource types Anjay's LwM2M-CBOR test vectors use for {@code /13/26/x}, and object
 * 10999 with one resource of every LwM2M type.
 */
final class CborFixtures {

    /** Object 13: the types of {@code /13/26/1..7} in Anjay's {@code tests/core/io/lwm2m_cbor_in.c} "all_types". */
    static final int ANJAY = 13;
    /** Object 10999: resource id = one per type, 9 a multi-instance Integer, 10 executable. */
    static final int ALL_TYPES = 10999;

    static final LwM2mModel MODEL = new StaticModel(models());

    private CborFixtures() {
    }

    private static List<ObjectModel> models() {
        List<ObjectModel> models = new ArrayList<>(ObjectModels.bundled());
        models.add(new ObjectModel(ANJAY, "Anjay vectors", "", "1.0", true, false, resource(1, Type.UNSIGNED_INTEGER),
                resource(2, Type.INTEGER), resource(3, Type.FLOAT), resource(4, Type.STRING),
                resource(5, Type.OPAQUE), resource(6, Type.OBJLNK), resource(7, Type.UNSIGNED_INTEGER)));
        models.add(new ObjectModel(ALL_TYPES, "All types", "", "1.0", true, false, resource(0, Type.STRING),
                resource(1, Type.INTEGER), resource(2, Type.UNSIGNED_INTEGER), resource(3, Type.FLOAT),
                resource(4, Type.BOOLEAN), resource(5, Type.OPAQUE), resource(6, Type.TIME),
                resource(7, Type.OBJLNK), resource(8, Type.CORELINK), multiple(9, Type.INTEGER),
                new ResourceModel(10, "r10", Operations.E, false, false, Type.NONE, null, null, "")));
        return models;
    }

    private static ResourceModel resource(int id, Type type) {
        return new ResourceModel(id, "r" + id, Operations.RW, false, false, type, null, null, "");
    }

    private static ResourceModel multiple(int id, Type type) {
        return new ResourceModel(id, "r" + id, Operations.RW, true, false, type, null, null, "");
    }

    /** @return the bytes of hex text; spaces are ignored so vectors can be grouped by CBOR item. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
