// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.command.CommandType;
import org.motehub.model.command.DefaultCommandService;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.NewDevice;
import org.motehub.model.registration.RegistrationInfo;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbBootstrapStore;
import org.motehub.model.rocksdb.RocksDbCommandStore;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.testing.MutableClock;

/** Issuing, switching and rotating DM credentials, and the bootstrap history, on real RocksDB stores. */
class DefaultBootstrapServiceTest {

    private static final String BS_KEY = "000102030405060708090a0b0c0d0e0f";

    @TempDir
    Path dir;
    private MotehubDb db;
    private RocksDbDeviceStore deviceStore;
    private DefaultDeviceService devices;
    private DefaultCommandService commands;
    private final Map<String, RegistrationInfo> registered = new HashMap<>();
    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private DefaultBootstrapService service;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        deviceStore = new RocksDbDeviceStore(db);
        devices = new DefaultDeviceService(deviceStore, clock);
        commands = new DefaultCommandService(new RocksDbCommandStore(db), devices, clock);
        service = new DefaultBootstrapService(deviceStore, new RocksDbBootstrapStore(db), commands,
                ep -> Optional.ofNullable(registered.get(ep)), clock, 32);
        devices.create(new NewDevice("bs-1", null, "meter", null,
                new NewDevice.CredentialsInput("PSK", "bs-id-1", BS_KEY)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RegistrationInfo registration(String links) {
        return registration("1.1", links);
    }

    private static RegistrationInfo registration(String lwm2mVersion, String links) {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        return new RegistrationInfo("r1", "127.0.0.1:5000", lwm2mVersion, "U", false, 300, links, t, t);
    }

    @Test
    void issued_credentials_are_pending_until_the_device_registers_with_them() {
        PskCredentials first = service.issueCredentials("bs-1");
        PskCredentials second = service.issueCredentials("bs-1");

        assertThat(second.key()).hasSize(32).isNotEqualTo(first.key());
        assertThat(second.identity()).matches("mh-[0-9a-f]{16}").isNotEqualTo(first.identity());
        assertThat(deviceStore.findCredentialsByIdentity(first.identity())).isEmpty();
        assertThat(service.info("bs-1").pendingIdentity()).isEqualTo(second.identity());

        assertThat(service.registered("bs-1", first.identity())).isFalse();
        assertThat(service.registered("bs-1", second.identity())).isTrue();

        assertThat(deviceStore.findCredentials("bs-1")).contains(second);
        assertThat(service.info("bs-1").pendingIdentity()).isNull();
    }

    @Test
    void attempts_successes_and_failures_are_counted_with_the_last_reason() {
        service.refused("bs-1", "wrong key");
        clock.advance(java.time.Duration.ofSeconds(5));
        service.started("bs-1");
        service.failed("bs-1", "REQUEST_FAILED");
        service.started("bs-1");
        service.succeeded("bs-1");
        service.refused("nobody", "unknown");

        BootstrapState state = service.info("bs-1").state();
        assertThat(state.attempts()).isEqualTo(3);
        assertThat(state.failures()).isEqualTo(2);
        assertThat(state.successes()).isEqualTo(1);
        assertThat(state.lastResult()).isEqualTo(BootstrapResult.SUCCEEDED);
        assertThat(state.lastAttemptAt()).isEqualTo(Instant.parse("2026-11-23T10:00:05Z"));
        assertThat(service.info("bs-1").bootstrapIdentity()).isEqualTo("bs-id-1");
    }

    @Test
    void rotation_queues_the_trigger_of_a_registered_1_1_device_and_completes_when_it_registers_anew() {
        registered.put("bs-1", registration("</>;rt=\"oma.lwm2m\",</1>;ver=1.1,</1/0>,</3/0>"));

        Rotation rotation = service.requestRotation("bs-1");

        assertThat(rotation.trigger()).isEqualTo(Rotation.Trigger.COMMAND_QUEUED);
        assertThat(commands.get("bs-1", rotation.commandId()).type()).isEqualTo(CommandType.EXECUTE);
        assertThat(commands.get("bs-1", rotation.commandId()).path()).isEqualTo("/1/0/9");
        assertThat(service.info("bs-1").state().rotationPending()).isTrue();

        PskCredentials fresh = service.issueCredentials("bs-1");
        service.registered("bs-1", fresh.identity());

        assertThat(service.info("bs-1").state().rotationCompletedAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_registered_1_0_device_rotates_at_its_next_bootstrap_and_a_dm_only_device_cannot_rotate() {
        registered.put("bs-1", registration("1.0", "</1/0>,</3/0>"));
        assertThat(service.requestRotation("bs-1").trigger()).isEqualTo(Rotation.Trigger.NEXT_BOOTSTRAP);
        registered.put("bs-1", registration("1.1", "</1>;ver=1.0,</1/0>"));
        assertThat(service.requestRotation("bs-1").trigger()).isEqualTo(Rotation.Trigger.NEXT_BOOTSTRAP);
        registered.put("bs-1", registration("1.1", "</1/4>,</3/0>"));
        assertThat(service.requestRotation("bs-1").commandId()).isNotNull();

        devices.create(new NewDevice("dm-1", null, new NewDevice.CredentialsInput("PSK", "dm-1", BS_KEY)));
        assertThatThrownBy(() -> service.requestRotation("dm-1")).isInstanceOf(ConflictException.class);
    }

    @Test
    void profile_of_a_device_is_its_types_else_the_default_one() {
        assertThat(service.profileOf("bs-1")).isEqualTo(BootstrapProfile.builtInDefault());
        service.putProfile(new BootstrapProfile("meter", 5, 86400, true));

        assertThat(service.profileOf("bs-1").shortServerId()).isEqualTo(5);
        assertThat(service.profileOf("bs-1").binding()).isEqualTo("UQ");
        assertThat(service.profiles()).extracting(BootstrapProfile::type).containsExactly("default", "meter");
        assertThatThrownBy(() -> service.putProfile(new BootstrapProfile("x", 0, 10, false)))
                .isInstanceOf(org.motehub.model.InvalidInputException.class);
    }
}
