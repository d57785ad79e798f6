// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.device.NewDevice;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareUpdateStore;
import org.motehub.model.testing.MutableClock;

class DefaultFirmwareUpdateServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private MotehubDb db;
    private MutableClock clock;
    private DefaultDeviceService devices;
    private MapFirmwareRepository repository;
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private DefaultFirmwareUpdateService service;
    private final List<FirmwareUpdate> heard = new CopyOnWriteArrayList<>();
    private Firmware v2;

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        clock = MutableClock.at(T0);
        devices = new DefaultDeviceService(new RocksDbDeviceStore(db), clock);
        repository = new MapFirmwareRepository();
        service = newService();
        v2 = repository.add("2.0", "tracker");
        createDevice("dev-1", "tracker");
        devices.registered("dev-1", T0);
    }

    private DefaultFirmwareUpdateService newService() {
        DefaultFirmwareUpdateService s = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices,
                repository, e -> Optional.ofNullable(reported.get(e)), clock);
        s.addListener(heard::add);
        return s;
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private void createDevice(String endpoint, String type) {
        devices.create(new NewDevice(endpoint, null, type,
                new CredentialsInput("PSK", "id-" + endpoint, "00112233445566778899aabbccddeeff"), null));
    }

    private FirmwareUpdate withStatus(FirmwareUpdate u, FirmwareUpdateStatus status, int percent) {
        return new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(),
                FirmwareUpdate.Delivery.PULL, status, percent, u.previousVersion(), u.lwm2mResult(),
                status == FirmwareUpdateStatus.FAILED ? "integrity check failure" : null, u.createdAt(),
                u.updatedAt(), u.deadline());
    }

    @Test
    void start_creates_a_pending_update_and_tells_listeners() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), "c-1");

        assertThat(u.status()).isEqualTo(FirmwareUpdateStatus.PENDING);
        assertThat(u.targetVersion()).isEqualTo("2.0");
        assertThat(u.campaignId()).isEqualTo("c-1");
        assertThat(u.createdAt()).isEqualTo(T0);
        assertThat(u.previousVersion()).isNull();
        assertThat(heard).containsExactly(u);
        assertThat(service.find(u.id())).contains(u);
        assertThat(service.unfinished("dev-1")).contains(u);
        assertThat(service.allUnfinished()).containsExactly(u);
        assertThat(service.forCampaign("c-1")).containsExactly(u);
        assertThat(service.forDevice("dev-1")).containsExactly(u);
    }

    @Test
    void unknown_device_or_firmware_is_not_found() {
        assertThatThrownBy(() -> service.start("nope", v2.id(), null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.start("dev-1", "fw-404", null)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("fw-404");
        assertThat(heard).isEmpty();
    }

    @Test
    void suspended_or_decommissioned_device_is_refused_and_provisioning_one_accepted() {
        createDevice("dev-2", "tracker");
        createDevice("dev-3", "tracker");
        devices.registered("dev-2", T0);
        devices.patch("dev-2", null, DeviceState.SUSPENDED);
        devices.decommission("dev-3");
        createDevice("dev-4", "tracker");

        assertThatThrownBy(() -> service.start("dev-2", v2.id(), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("SUSPENDED");
        assertThatThrownBy(() -> service.start("dev-3", v2.id(), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("DECOMMISSIONED");
        assertThat(service.start("dev-4", v2.id(), null).status()).isEqualTo(FirmwareUpdateStatus.PENDING);
    }

    @Test
    void blocked_firmware_is_refused() {
        repository.setBlocked(v2.id(), true, "bricks the radio");

        assertThatThrownBy(() -> service.start("dev-1", v2.id(), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("blocked").hasMessageContaining("bricks the radio");
    }

    @Test
    void device_without_type_is_invalid_input_naming_firmware_and_type() {
        createDevice("untyped", null);

        assertThatThrownBy(() -> service.start("untyped", v2.id(), null)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).isEqualTo("firmwareId");
                    assertThat(e.errors().get(0).message()).contains("has no type").contains(v2.id())
                            .contains("[tracker]");
                });
    }

    @Test
    void firmware_of_another_type_is_invalid_input() {
        createDevice("meter-1", "meter");

        assertThatThrownBy(() -> service.start("meter-1", v2.id(), null)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.errors().get(0).message())
                        .contains("fits device types [tracker], not type meter"));
    }

    @Test
    void known_current_version_is_checked_and_recorded() {
        Firmware v3 = repository.add("3.0", "tracker", "2.0");
        reported.put("dev-1", "1.0");
        assertThatThrownBy(() -> service.start("dev-1", v3.id(), null)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.errors().get(0).message())
                        .contains("applies only on versions [2.0]").contains("runs 1.0"));

        reported.put("dev-1", "2.0");
        assertThatThrownBy(() -> service.start("dev-1", v2.id(), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already runs version 2.0");

        FirmwareUpdate u = service.start("dev-1", v3.id(), null);
        assertThat(u.previousVersion()).isEqualTo("2.0");
    }

    @Test
    void a_device_has_at_most_one_unfinished_update() {
        FirmwareUpdate first = service.start("dev-1", v2.id(), null);

        assertThatThrownBy(() -> service.start("dev-1", v2.id(), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(first.id());

        service.transition(first.id(), u -> withStatus(u, FirmwareUpdateStatus.FAILED, 10));
        FirmwareUpdate second = service.start("dev-1", v2.id(), null);
        assertThat(service.unfinished("dev-1")).contains(second);
        assertThat(service.forDevice("dev-1")).extracting(FirmwareUpdate::id).containsExactly(second.id(),
                first.id());
    }

    @Test
    void concurrent_starts_for_one_device_create_exactly_one_update() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        service.start("dev-1", v2.id(), null);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> f : results) {
                created += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(service.forDevice("dev-1")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void start_with_a_reserved_id_is_idempotent_and_refuses_a_foreign_reuse() {
        createDevice("dev-2", "tracker");
        String id = service.newUpdateId();

        FirmwareUpdate first = service.start(id, "dev-1", v2.id(), "c-1");
        FirmwareUpdate again = service.start(id, "dev-1", v2.id(), "c-1");

        assertThat(again).isEqualTo(first);
        assertThat(heard).hasSize(1);
        assertThatThrownBy(() -> service.start(id, "dev-2", v2.id(), "c-1")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already used");
        assertThat(service.newUpdateId()).isGreaterThan(id);
    }

    @Test
    void transition_writes_the_change_with_the_clock_and_stops_at_a_final_status() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), null);
        clock.advance(Duration.ofSeconds(5));

        FirmwareUpdate downloading = service.transition(u.id(),
                x -> withStatus(x, FirmwareUpdateStatus.DOWNLOADING, 40));
        assertThat(downloading.status()).isEqualTo(FirmwareUpdateStatus.DOWNLOADING);
        assertThat(downloading.percent()).isEqualTo(40);
        assertThat(downloading.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(service.find(u.id())).contains(downloading);

        FirmwareUpdate failed = service.transition(u.id(), x -> withStatus(x, FirmwareUpdateStatus.FAILED, 40));
        FirmwareUpdate after = service.transition(u.id(), x -> withStatus(x, FirmwareUpdateStatus.SUCCEEDED, 100));

        assertThat(after).isEqualTo(failed);
        assertThat(service.find(u.id()).orElseThrow().status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(service.unfinished("dev-1")).isEmpty();
        assertThat(service.allUnfinished()).isEmpty();
        assertThat(heard).extracting(FirmwareUpdate::status).containsExactly(FirmwareUpdateStatus.PENDING,
                FirmwareUpdateStatus.DOWNLOADING, FirmwareUpdateStatus.FAILED);
    }

    @Test
    void transition_may_not_change_identity_and_unknown_id_is_not_found() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), null);

        assertThatThrownBy(() -> service.transition(u.id(), x -> new FirmwareUpdate(x.id(), "dev-2", x.firmwareId(),
                x.targetVersion(), x.campaignId(), null, x.status(), 0, null, null, null, x.createdAt(),
                x.updatedAt(), null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(service.find(u.id())).contains(u);
        assertThatThrownBy(() -> service.transition("0000000000000000", x -> x))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void cancel_finishes_with_the_reason() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), null);

        FirmwareUpdate cancelled = service.cancel(u.id(), "operator changed their mind");

        assertThat(cancelled.status()).isEqualTo(FirmwareUpdateStatus.CANCELLED);
        assertThat(cancelled.failureReason()).isEqualTo("operator changed their mind");
        assertThat(service.cancel(u.id(), "again")).isEqualTo(cancelled);
    }

    @Test
    void firmware_with_an_unfinished_update_cannot_be_deleted() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), null);

        assertThatThrownBy(() -> repository.delete(v2.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining(u.id()).hasMessageContaining("dev-1");

        service.cancel(u.id(), "no longer wanted");
        repository.delete(v2.id());
        assertThat(repository.find(v2.id())).isEmpty();
    }

    @Test
    void a_new_service_on_the_same_database_sees_unfinished_updates() {
        FirmwareUpdate u = service.start("dev-1", v2.id(), null);
        service.transition(u.id(), x -> withStatus(x, FirmwareUpdateStatus.DOWNLOADED, 100));

        DefaultFirmwareUpdateService restarted = newService();

        assertThat(restarted.allUnfinished()).extracting(FirmwareUpdate::status)
                .containsExactly(FirmwareUpdateStatus.DOWNLOADED);
        assertThatThrownBy(() -> restarted.start("dev-1", v2.id(), null)).isInstanceOf(ConflictException.class);
    }

    @Test
    void may_have_unfinished_follows_creation_the_final_status_and_a_restart() {
        createDevice("dev-2", "tracker");
        assertThat(service.mayHaveUnfinished("dev-1")).isFalse();

        FirmwareUpdate u = service.start("dev-1", v2.id(), null);
        FirmwareUpdate other = service.start("dev-2", v2.id(), null);
        assertThat(service.mayHaveUnfinished("dev-1")).isTrue();
        service.transition(u.id(), x -> withStatus(x, FirmwareUpdateStatus.DOWNLOADING, 10));
        assertThat(service.mayHaveUnfinished("dev-1")).isTrue();

        service.transition(u.id(), x -> withStatus(x, FirmwareUpdateStatus.FAILED, 10));
        assertThat(service.mayHaveUnfinished("dev-1")).isFalse();
        assertThat(service.mayHaveUnfinished("dev-2")).isTrue();

        DefaultFirmwareUpdateService restarted = newService();
        assertThat(restarted.mayHaveUnfinished("dev-1")).isFalse();
        assertThat(restarted.mayHaveUnfinished("dev-2")).isTrue();
        restarted.cancel(other.id(), "no longer wanted");
        assertThat(restarted.mayHaveUnfinished("dev-2")).isFalse();
    }
}
