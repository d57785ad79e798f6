// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.motehub.demo.IpsoObjectModels.SENSOR_UNITS;
import static org.motehub.demo.IpsoObjectModels.SENSOR_VALUE;

import java.util.Objects;
import java.util.random.RandomGenerator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.response.ReadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance of the IPSO Humidity object (3304): relative humidity as a random walk around 45 %RH, so that a demo
 * device has a second, independent measurement.
 * <p>
 * The owner calls {@link #sample(RandomGenerator)} periodically; this class has no thread of its own.
 */
final class HumiditySensor extends BaseInstanceEnabler {

    private static final Logger LOG = LoggerFactory.getLogger(HumiditySensor.class);

    static final String UNITS = "%RH";
    static final double MEAN = 45.0;
    private static final double MAX_STEP = 1.0;

    private final String endpoint;
    private final RandomWalk walk = new RandomWalk(MEAN, MAX_STEP, 0.0, 100.0);

    /**
     * Creates the sensor at its mean value.
     *
     * @param endpoint the device endpoint, for logging
     * @param instanceId the object instance id
     * @throws NullPointerException if {@code endpoint} is null
     */
    HumiditySensor(String endpoint, int instanceId) {
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
        default:
            return super.read(server, resourceId);
        }
    }

    /**
     * Takes a new measurement and notifies observers of the sensor value.
     *
     * @param random the source of randomness
     */
    void sample(RandomGenerator random) {
        double value;
        synchronized (this) {
            value = walk.next(random);
        }
        LOG.trace("device [{}] humidity is now [{}]", endpoint, value);
        fireResourceChange(SENSOR_VALUE);
    }

    /** Returns the current relative humidity in %RH. */
    synchronized double value() {
        return walk.value();
    }
}
