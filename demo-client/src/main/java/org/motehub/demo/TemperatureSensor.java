// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.motehub.demo.IpsoObjectModels.MAX_MEASURED_VALUE;
import static org.motehub.demo.IpsoObjectModels.MAX_RANGE_VALUE;
import static org.motehub.demo.IpsoObjectModels.MIN_MEASURED_VALUE;
import static org.motehub.demo.IpsoObjectModels.MIN_RANGE_VALUE;
import static org.motehub.demo.IpsoObjectModels.RESET_MIN_MAX_MEASURED_VALUES;
import static org.motehub.demo.IpsoObjectModels.SENSOR_UNITS;
import static org.motehub.demo.IpsoObjectModels.SENSOR_VALUE;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance of the IPSO Temperature object (3303): a random walk around 21 °C with min/max tracking, so that a
 * server sees values change and gets notifications on its observations.
 * <p>
 * The owner calls {@link #sample(RandomGenerator)} periodically; this class has no thread of its own.
 */
final class TemperatureSensor extends BaseInstanceEnabler {

    private static final Logger LOG = LoggerFactory.getLogger(TemperatureSensor.class);

    static final String UNITS = "Cel";
    static final double MEAN = 21.0;
    static final double RANGE_MIN = -40.0;
    static final double RANGE_MAX = 85.0;
    private static final double MAX_STEP = 0.5;

    private final String endpoint;
    private final RandomWalk walk = new RandomWalk(MEAN, MAX_STEP, RANGE_MIN, RANGE_MAX);
    private double minMeasured = MEAN;
    private double maxMeasured = MEAN;

    /**
     * Creates the sensor at its mean value.
     *
     * @param endpoint the device endpoint, for logging
     * @param instanceId the object instance id
     * @throws NullPointerException if {@code endpoint} is null
     */
    TemperatureSensor(String endpoint, int instanceId) {
        super(instanceId);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        switch (resourceId) {
        case SENSOR_VALUE:
            return ReadResponse.success(resourceId, walk.value());
        case SENSOR_UNITS:
            return ReadResponse.success(resourceId, UNITS);
        case MIN_MEASURED_VALUE:
            return ReadResponse.success(resourceId, minMeasured);
        case MAX_MEASURED_VALUE:
            return ReadResponse.success(resourceId, maxMeasured);
        case MIN_RANGE_VALUE:
            return ReadResponse.success(resourceId, RANGE_MIN);
        case MAX_RANGE_VALUE:
            return ReadResponse.success(resourceId, RANGE_MAX);
        default:
            return super.read(server, resourceId);
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != RESET_MIN_MAX_MEASURED_VALUES) {
            return super.execute(server, resourceId, arguments);
        }
        synchronized (this) {
            minMeasured = walk.value();
            maxMeasured = minMeasured;
        }
        LOG.info("device [{}] reset min/max measured temperature to [{}]", endpoint, walk.value());
        fireResourcesChange(getResourcePaths(MIN_MEASURED_VALUE, MAX_MEASURED_VALUE));
        return ExecuteResponse.success();
    }

    /**
     * Takes a new measurement and notifies observers of the resources that changed.
     *
     * @param random the source of randomness
     */
    void sample(RandomGenerator random) {
        List<LwM2mPath> changed = new ArrayList<>(3);
        double value;
        synchronized (this) {
            value = walk.next(random);
            changed.add(getResourcePath(SENSOR_VALUE));
            if (value < minMeasured) {
                minMeasured = value;
                changed.add(getResourcePath(MIN_MEASURED_VALUE));
            }
            if (value > maxMeasured) {
                maxMeasured = value;
                changed.add(getResourcePath(MAX_MEASURED_VALUE));
            }
        }
        LOG.trace("device [{}] temperature is now [{}]", endpoint, value);
        // Leshan asks not to fire changes while holding a lock (deadlock risk with the object tree)
        fireResourcesChange(changed.toArray(LwM2mPath[]::new));
    }

    /** Returns the current temperature in °C. */
    synchronized double value() {
        return walk.value();
    }
}
