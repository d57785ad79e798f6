// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read, write, execute and observe on the objects of a simulated device, from a real in-process Leshan server.
 */
@Timeout(60)
class DeviceObjectsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ENDPOINT = "demo-0001";

    private static TestLwM2mServer server;
    private static DemoFleet fleet;

    @BeforeAll
    static void startServerAndDevice() throws InterruptedException {
        server = TestLwM2mServer.start();
        fleet = DemoFleet.builder().serverUri(server.coapsUri()).devices(1)
                .pskSeed("objects-seed".getBytes(StandardCharsets.UTF_8)).sensorPeriod(Duration.ofMillis(100))
                .build();
        server.addPsks(fleet);
        fleet.start();
        assertThat(fleet.awaitRegistered(WAIT)).isTrue();
        assertThat(server.awaitRegistration(ENDPOINT, WAIT)).isTrue();
    }

    @AfterAll
    static void stopAll() {
        fleet.close();
        server.close();
    }

    @Test
    void reading_device_object_returns_expected_types_and_values() throws InterruptedException {
        ReadResponse response = server.send(ENDPOINT, new ReadRequest(3, 0));

        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        LwM2mObjectInstance device = (LwM2mObjectInstance) response.getContent();
        assertThat(device.getResource(0).getValue()).isEqualTo("Motehub");
        assertThat(device.getResource(1).getValue()).isEqualTo("demo-sensor");
        assertThat(device.getResource(2).getValue()).isEqualTo(ENDPOINT);
        assertThat(device.getResource(3).getValue()).isEqualTo("1.0.0");
        assertThat(device.getResource(9).getType()).isEqualTo(Type.INTEGER);
        assertThat((Long) device.getResource(9).getValue()).isBetween(0L, 100L);
        assertThat(device.getResource(10).getType()).isEqualTo(Type.INTEGER);
        assertThat(device.getResource(11).isMultiInstances()).isTrue();
        assertThat(device.getResource(11).getInstance(0).getValue()).isEqualTo(0L);
        assertThat(device.getResource(13).getType()).isEqualTo(Type.TIME);
        assertThat(((Date) device.getResource(13).getValue()).toInstant())
                .isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
        assertThat(device.getResource(14).getValue()).isEqualTo("+00:00");
        assertThat(device.getResource(15).getValue()).isEqualTo("UTC");
        assertThat(device.getResource(16).getValue()).isEqualTo("U");
        // Reboot is executable, not readable
        assertThat(device.getResource(4)).isNull();
    }

    @Test
    void reading_temperature_sensor_value_returns_a_float_in_celsius() throws InterruptedException {
        ReadResponse value = server.send(ENDPOINT, new ReadRequest(3303, 0, 5700));
        ReadResponse units = server.send(ENDPOINT, new ReadRequest(3303, 0, 5701));

        assertThat(value.isSuccess()).as(value.toString()).isTrue();
        LwM2mSingleResource resource = (LwM2mSingleResource) value.getContent();
        assertThat(resource.getType()).isEqualTo(Type.FLOAT);
        assertThat((Double) resource.getValue()).isBetween(-40.0, 85.0);
        assertThat(((LwM2mResource) units.getContent()).getValue()).isEqualTo("Cel");
    }

    @Test
    void reading_humidity_returns_percent_relative_humidity() throws InterruptedException {
        ReadResponse response = server.send(ENDPOINT, new ReadRequest(3304, 0));

        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        LwM2mObjectInstance humidity = (LwM2mObjectInstance) response.getContent();
        assertThat(humidity.getResource(5700).getType()).isEqualTo(Type.FLOAT);
        assertThat((Double) humidity.getResource(5700).getValue()).isBetween(0.0, 100.0);
        assertThat(humidity.getResource(5701).getValue()).isEqualTo("%RH");
    }

    @Test
    void writing_current_time_sets_the_device_clock() throws InterruptedException {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

        try {
            WriteResponse write = server.send(ENDPOINT, new WriteRequest(3, 0, 13, Date.from(tomorrow)));
            ReadResponse read = server.send(ENDPOINT, new ReadRequest(3, 0, 13));

            assertThat(write.getCode()).isEqualTo(ResponseCode.CHANGED);
            Date deviceTime = (Date) ((LwM2mResource) read.getContent()).getValue();
            assertThat(deviceTime.toInstant()).isCloseTo(tomorrow, within(Duration.ofSeconds(5)));
        } finally {
            // the device is shared by this class's tests
            server.send(ENDPOINT, new WriteRequest(3, 0, 13, new Date()));
        }
    }

    @Test
    void writing_utc_offset_and_timezone_is_read_back() throws InterruptedException {
        try {
            assertThat(server.send(ENDPOINT, new WriteRequest(3, 0, 14, "+02:00")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            assertThat(server.send(ENDPOINT, new WriteRequest(3, 0, 15, "Europe/Paris")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);

            LwM2mObjectInstance device = (LwM2mObjectInstance) server.send(ENDPOINT, new ReadRequest(3, 0))
                    .getContent();
            assertThat(device.getResource(14).getValue()).isEqualTo("+02:00");
            assertThat(device.getResource(15).getValue()).isEqualTo("Europe/Paris");
        } finally {
            server.send(ENDPOINT, new WriteRequest(3, 0, 14, "+00:00"));
            server.send(ENDPOINT, new WriteRequest(3, 0, 15, "UTC"));
        }
    }

    @Test
    void writing_an_invalid_timezone_is_a_bad_request() throws InterruptedException {
        WriteResponse response = server.send(ENDPOINT, new WriteRequest(3, 0, 15, "Mars/Olympus_Mons"));

        assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void writing_read_only_manufacturer_is_refused() throws InterruptedException {
        WriteResponse response = server.send(ENDPOINT, new WriteRequest(3, 0, 0, "Someone else"));

        assertThat(response.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        ReadResponse read = server.send(ENDPOINT, new ReadRequest(3, 0, 0));
        assertThat(((LwM2mResource) read.getContent()).getValue()).isEqualTo("Motehub");
    }

    @Test
    void executing_reset_min_max_of_temperature_succeeds() throws InterruptedException {
        assertThat(server.send(ENDPOINT, new ExecuteRequest(3303, 0, 5605)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void observing_temperature_yields_notifications_with_different_values() throws InterruptedException {
        server.notifications().clear();

        ObserveResponse response = server.send(ENDPOINT, new ObserveRequest(3303, 0, 5700));

        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        List<Double> values = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            List<ObserveResponse> received = new ArrayList<>();
            server.notifications().drainTo(received);
            received.stream().filter(r -> r.getObservation().getPath().toString().equals("/3303/0/5700"))
                    .map(r -> (Double) ((LwM2mResource) r.getContent()).getValue()).forEach(values::add);
            Set<Double> distinct = new HashSet<>(values);
            return values.size() >= 2 && distinct.size() >= 2;
        });
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(-40.0, 85.0));
    }
}
