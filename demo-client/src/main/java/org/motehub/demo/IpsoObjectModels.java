// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;

/**
 * Object models of the IPSO Temperature (3303) and Humidity (3304) objects, limited to the resources the demo devices
 * serve; needed because leshan-core 2.0.0-M15 bundles only the OMA core objects (0-7, 21), not the IPSO ones.
 * <p>
 * Ids, types and operations follow the OMA LwM2M registry (object version 1.1), so a server that has the full registry
 * models decodes the demo devices' payloads the same way.
 */
public final class IpsoObjectModels {

    /** IPSO Temperature object id. */
    public static final int TEMPERATURE = 3303;
    /** IPSO Humidity object id. */
    public static final int HUMIDITY = 3304;

    /** Min Measured Value resource id. */
    public static final int MIN_MEASURED_VALUE = 5601;
    /** Max Measured Value resource id. */
    public static final int MAX_MEASURED_VALUE = 5602;
    /** Min Range Value resource id. */
    public static final int MIN_RANGE_VALUE = 5603;
    /** Max Range Value resource id. */
    public static final int MAX_RANGE_VALUE = 5604;
    /** Reset Min and Max Measured Values resource id. */
    public static final int RESET_MIN_MAX_MEASURED_VALUES = 5605;
    /** Sensor Value resource id. */
    public static final int SENSOR_VALUE = 5700;
    /** Sensor Units resource id. */
    public static final int SENSOR_UNITS = 5701;

    private static final String VERSION = "1.1";

    private IpsoObjectModels() {
    }

    /**
     * Returns the model of the IPSO Temperature object (3303).
     *
     * @return a new model with resources 5601-5605, 5700 and 5701
     */
    public static ObjectModel temperature() {
        return new ObjectModel(TEMPERATURE, "Temperature", "Temperature sensor, in the unit given by 5701.", VERSION,
                true, false, //
                readOnly(MIN_MEASURED_VALUE, "Min Measured Value", Type.FLOAT, false), //
                readOnly(MAX_MEASURED_VALUE, "Max Measured Value", Type.FLOAT, false), //
                readOnly(MIN_RANGE_VALUE, "Min Range Value", Type.FLOAT, false), //
                readOnly(MAX_RANGE_VALUE, "Max Range Value", Type.FLOAT, false), //
                new ResourceModel(RESET_MIN_MAX_MEASURED_VALUES, "Reset Min and Max Measured Values", Operations.E,
                        false, false, Type.NONE, "", "", "Reset the Min and Max Measured Values to Current Value."),
                readOnly(SENSOR_VALUE, "Sensor Value", Type.FLOAT, true), //
                readOnly(SENSOR_UNITS, "Sensor Units", Type.STRING, false));
    }

    /**
     * Returns the model of the IPSO Humidity object (3304).
     *
     * @return a new model with resources 5700 and 5701
     */
    public static ObjectModel humidity() {
        return new ObjectModel(HUMIDITY, "Humidity", "Relative humidity sensor, in the unit given by 5701.", VERSION,
                true, false, //
                readOnly(SENSOR_VALUE, "Sensor Value", Type.FLOAT, true), //
                readOnly(SENSOR_UNITS, "Sensor Units", Type.STRING, false));
    }

    /**
     * Returns Leshan's default OMA models ({@link ObjectLoader#loadDefault()}) plus the two IPSO models above.
     *
     * @return a new mutable list, one model per object id
     */
    public static List<ObjectModel> withDefaults() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        models.add(temperature());
        models.add(humidity());
        return models;
    }

    private static ResourceModel readOnly(int id, String name, Type type, boolean mandatory) {
        return new ResourceModel(id, name, Operations.R, false, mandatory, type, "", "", name + ".");
    }
}
