// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceObjectTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.750Z");

    private final AtomicInteger reboots = new AtomicInteger();
    private final List<LwM2mPath> changes = new ArrayList<>();
    private DeviceObject device;

    @BeforeEach
    void createDevice() {
        device = new DeviceObject("demo-0042", Clock.fixed(NOW, ZoneOffset.UTC), reboots::incrementAndGet);
        device.setModel(ObjectLoader.loadDefault().stream().filter(m -> m.id == 3).findFirst().orElseThrow());
        device.addResourceListener(paths -> changes.addAll(Arrays.asList(paths)));
    }

    private Object read(int resourceId) {
        return ((LwM2mResource) device.read(LwM2mServer.SYSTEM, resourceId).getContent()).getValue();
    }

    @Test
    void identity_resources_come_from_the_endpoint() {
        assertThat(read(DeviceObject.MANUFACTURER)).isEqualTo("Motehub");
        assertThat(read(DeviceObject.MODEL_NUMBER)).isEqualTo("demo-sensor");
        assertThat(read(DeviceObject.SERIAL_NUMBER)).isEqualTo("demo-0042");
        assertThat(read(DeviceObject.FIRMWARE_VERSION)).isEqualTo("1.0.0");
        assertThat(read(DeviceObject.SUPPORTED_BINDING)).isEqualTo("U");
    }

    @Test
    void current_time_is_the_clock_to_the_second_and_a_write_shifts_it() {
        assertThat(read(DeviceObject.CURRENT_TIME)).isEqualTo(Date.from(Instant.parse("2026-11-23T10:00:00Z")));

        Instant wanted = NOW.plus(Duration.ofHours(3));
        assertThat(device.write(LwM2mServer.SYSTEM, false, DeviceObject.CURRENT_TIME,
                LwM2mSingleResource.newDateResource(DeviceObject.CURRENT_TIME, Date.from(wanted))).isSuccess())
                .isTrue();

        assertThat(read(DeviceObject.CURRENT_TIME)).isEqualTo(Date.from(Instant.parse("2026-11-23T13:00:00Z")));
        assertThat(changes).contains(new LwM2mPath(3, 0, DeviceObject.CURRENT_TIME));

        device.reset(DeviceObject.CURRENT_TIME);
        assertThat(read(DeviceObject.CURRENT_TIME)).isEqualTo(Date.from(Instant.parse("2026-11-23T10:00:00Z")));
    }

    @Test
    void invalid_utc_offset_is_a_bad_request_and_keeps_the_old_value() {
        assertThat(device.write(LwM2mServer.SYSTEM, false, DeviceObject.UTC_OFFSET,
                LwM2mSingleResource.newStringResource(DeviceObject.UTC_OFFSET, "half past")).getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);

        assertThat(read(DeviceObject.UTC_OFFSET)).isEqualTo("+00:00");
        assertThat(changes).isEmpty();
    }

    @Test
    void battery_drains_notifies_and_reports_low_battery_then_recharges() {
        assertThat(read(DeviceObject.BATTERY_LEVEL)).isEqualTo(100L);

        device.drainBattery();
        assertThat(read(DeviceObject.BATTERY_LEVEL)).isEqualTo(99L);
        assertThat(changes).containsExactly(new LwM2mPath(3, 0, DeviceObject.BATTERY_LEVEL));

        for (int i = 0; i < 89; i++) {
            device.drainBattery();
        }
        assertThat(device.batteryLevel()).isEqualTo(10);
        assertThat(errorCode()).isEqualTo(DeviceObject.ERROR_LOW_BATTERY);
        assertThat(changes).contains(new LwM2mPath(3, 0, DeviceObject.ERROR_CODE));

        for (int i = 0; i < 11; i++) {
            device.drainBattery();
        }
        assertThat(device.batteryLevel()).isEqualTo(100);
        assertThat(errorCode()).isZero();
    }

    @Test
    void reboot_runs_the_reboot_action_and_other_executes_are_not_found() {
        assertThat(device.execute(LwM2mServer.SYSTEM, DeviceObject.REBOOT, Arguments.emptyArguments()).isSuccess())
                .isTrue();
        assertThat(reboots).hasValue(1);

        assertThat(device.execute(LwM2mServer.SYSTEM, 5, Arguments.emptyArguments()).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(reboots).hasValue(1);
    }

    private long errorCode() {
        LwM2mMultipleResource errors = (LwM2mMultipleResource) device.read(LwM2mServer.SYSTEM,
                DeviceObject.ERROR_CODE).getContent();
        return (Long) errors.getInstance(0).getValue();
    }
}
