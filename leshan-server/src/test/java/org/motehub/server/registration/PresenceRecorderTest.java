// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceState;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;

/**
 * {@link PresenceRecorder#reconcile}: after a crash, the registrations written before they were acknowledged repair
 * the presence changes that were still waiting to be written. Real RocksDB stores.
 */
class PresenceRecorderTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant RESTART = T0.plusSeconds(60);

    @TempDir
    Path dir;

    private MotehubDb db;
    private RocksDbRegistrationStore registrations;
    private RocksDbDeviceStore store;
    private DefaultDeviceService devices;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        registrations = new RocksDbRegistrationStore(db, 1);
        store = new RocksDbDeviceStore(db);
        devices = new DefaultDeviceService(store, Clock.fixed(T0, ZoneOffset.UTC));
        for (String endpoint : new String[] { "dev-1", "dev-2", "dev-3" }) {
            store.insert(Device.provisioning(endpoint, endpoint, T0),
                    new PskCredentials(endpoint, "id-" + endpoint, new byte[16]));
        }
    }

    @AfterEach
    void close() {
        registrations.destroy();
        db.close();
    }

    @Test
    void a_registration_whose_presence_change_was_lost_makes_its_device_active_and_online() {
        registrations.addRegistration(RegistrationStoreContract.registration("reg-1", "dev-1", 1));
        devices.registered("dev-1", T0); // waiting, never written: the crash comes first

        new PresenceRecorder(reopenedDevices(), Clock.fixed(RESTART, ZoneOffset.UTC)).reconcile(registrations);

        Device dev1 = devices.find("dev-1").orElseThrow();
        assertThat(dev1.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(dev1.online()).isTrue();
        assertThat(dev1.lastSeen()).isEqualTo(RESTART);
    }

    @Test
    void an_online_device_without_a_registration_goes_offline_and_the_others_are_left_alone() {
        devices.registered("dev-2", T0);
        devices.registered("dev-3", T0);
        devices.unregistered("dev-3", T0.plusSeconds(1));
        store.writePresence();
        Device dev3 = devices.find("dev-3").orElseThrow();

        new PresenceRecorder(reopenedDevices(), Clock.fixed(RESTART, ZoneOffset.UTC)).reconcile(registrations);

        Device dev2 = devices.find("dev-2").orElseThrow();
        assertThat(dev2.online()).isFalse();
        assertThat(dev2.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(devices.find("dev-3")).contains(dev3);
        assertThat(devices.find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.PROVISIONING);
    }

    /** A new store over the same database, as after a restart; {@link #devices} is pointed at it too. */
    private DefaultDeviceService reopenedDevices() {
        store = new RocksDbDeviceStore(db);
        devices = new DefaultDeviceService(store, Clock.fixed(RESTART, ZoneOffset.UTC));
        return devices;
    }
}
