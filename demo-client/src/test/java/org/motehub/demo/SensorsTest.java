// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.junit.jupiter.api.Test;

class SensorsTest {

    private final SplittableRandom random = new SplittableRandom(42);
    private final List<LwM2mPath> changes = new ArrayList<>();

    @Test
    void temperature_walks_around_21_celsius_and_notifies_each_sample() {
        TemperatureSensor sensor = new TemperatureSensor("demo-0001", 0);
        sensor.setModel(IpsoObjectModels.temperature());
        sensor.addResourceListener(paths -> changes.addAll(Arrays.asList(paths)));
        Set<Double> values = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            sensor.sample(random);
            double value = sensor.value();
            values.add(value);
            assertThat(read(sensor, 5601)).isLessThanOrEqualTo(value);
            assertThat(read(sensor, 5602)).isGreaterThanOrEqualTo(value);
        }

        assertThat(values).hasSizeGreaterThan(100).allSatisfy(v -> assertThat(v).isBetween(11.0, 31.0));
        assertThat(changes.stream().filter(p -> p.equals(new LwM2mPath(3303, 0, 5700)))).hasSize(1000);
        assertThat(read(sensor, 5700)).isEqualTo(sensor.value());
        assertThat(((LwM2mResource) sensor.read(LwM2mServer.SYSTEM, 5701).getContent()).getValue()).isEqualTo("Cel");
    }

    @Test
    void temperature_reset_sets_min_and_max_to_the_current_value() {
        TemperatureSensor sensor = new TemperatureSensor("demo-0001", 0);
        sensor.setModel(IpsoObjectModels.temperature());
        for (int i = 0; i < 50; i++) {
            sensor.sample(random);
        }
        assertThat(read(sensor, 5602) - read(sensor, 5601)).isPositive();

        assertThat(sensor.execute(LwM2mServer.SYSTEM, 5605, Arguments.emptyArguments()).isSuccess()).isTrue();

        assertThat(read(sensor, 5601)).isEqualTo(sensor.value());
        assertThat(read(sensor, 5602)).isEqualTo(sensor.value());
    }

    @Test
    void humidity_stays_between_0_and_100_percent() {
        HumiditySensor sensor = new HumiditySensor("demo-0001", 0);
        sensor.setModel(IpsoObjectModels.humidity());
        sensor.addResourceListener(paths -> changes.addAll(Arrays.asList(paths)));

        for (int i = 0; i < 1000; i++) {
            sensor.sample(random);
            assertThat(sensor.value()).isBetween(0.0, 100.0);
        }

        assertThat(changes).hasSize(1000).containsOnly(new LwM2mPath(3304, 0, 5700));
        assertThat(((LwM2mResource) sensor.read(LwM2mServer.SYSTEM, 5701).getContent()).getValue()).isEqualTo("%RH");
    }

    @Test
    void random_walk_is_clamped_to_its_bounds() {
        RandomWalk walk = new RandomWalk(0.5, 10.0, 0.0, 1.0);

        for (int i = 0; i < 1000; i++) {
            assertThat(walk.next(random)).isBetween(0.0, 1.0);
        }
    }

    private static double read(TemperatureSensor sensor, int resourceId) {
        return (Double) ((LwM2mResource) sensor.read(LwM2mServer.SYSTEM, resourceId).getContent()).getValue();
    }
}
