// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.device.NewDevice;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.firmware.DefaultFirmwareUpdateService;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.model.firmware.MapFirmwareRepository;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbCampaignStore;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareUpdateStore;
import org.motehub.model.testing.MutableClock;

/**
 * Campaigns run by the real {@link DefaultFirmwareUpdateService} on RocksDB; the test plays the update driver by
 * moving updates with {@code transition}, and drives the runner pass by pass with {@link CampaignRunner#runOnce()}.
 */
class DefaultCampaignServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private MotehubDb db;
    private MutableClock clock;
    private DefaultDeviceService devices;
    private final MapFirmwareRepository repository = new MapFirmwareRepository();
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private final DeviceFirmwareVersions versions = e -> Optional.ofNullable(reported.get(e));
    private DefaultFirmwareUpdateService updates;
    private DefaultCampaignService campaigns;
    private CampaignRunner runner;
    private final List<Campaign> heard = new CopyOnWriteArrayList<>();
    private Firmware v1;
    private Firmware v2;

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        clock = MutableClock.at(T0);
        v1 = repository.add("1.0", "tracker");
        v2 = repository.add("2.0", "tracker");
        open(new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices(), repository, versions,
                clock));
    }

    private DefaultDeviceService devices() {
        devices = new DefaultDeviceService(new RocksDbDeviceStore(db), clock);
        return devices;
    }

    /** (Re)creates the campaign service and runner over {@code db}, as a server start does. */
    private void open(DefaultFirmwareUpdateService updateService) {
        updates = updateService;
        campaigns = new DefaultCampaignService(new RocksDbCampaignStore(db), devices, repository, updates, versions,
                clock);
        campaigns.addListener(heard::add);
        runner = new CampaignRunner(campaigns, Duration.ofMillis(20));
    }

    /** Closes everything and reopens the same database with new instances: a restart. */
    private void restart() {
        runner.stop();
        db.close();
        db = MotehubDb.open(dir);
        open(new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices(), repository, versions,
                clock));
    }

    @AfterEach
    void stop() {
        runner.stop();
        db.close();
    }

    private List<String> createDevices(int n, String type) {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String e = String.format("%s-%03d", type, i);
            devices.create(new NewDevice(e, null, type,
                    new CredentialsInput("PSK", "id-" + e, "00112233445566778899aabbccddeeff"), null));
            devices.registered(e, T0);
            endpoints.add(e);
        }
        return endpoints;
    }

    private Campaign create(List<Integer> waves, Integer threshold, Integer maxConcurrent) {
        return campaigns.create(new NewCampaign("roll-out", v2.id(), CampaignTarget.ofDeviceType("tracker"), waves,
                threshold, maxConcurrent, null, null));
    }

    private List<CampaignDevice> rows(String id, CampaignDeviceStatus status) {
        return campaigns.devices(id, status, PageRequest.of(1000, null)).items();
    }

    /** Plays the driver: moves the device's unfinished update through DOWNLOADING to {@code status}. */
    private void finish(String endpoint, FirmwareUpdateStatus status) {
        FirmwareUpdate u = updates.unfinished(endpoint).orElseThrow();
        updates.transition(u.id(), x -> with(x, FirmwareUpdateStatus.DOWNLOADING, null));
        updates.transition(u.id(), x -> with(x, status,
                status == FirmwareUpdateStatus.FAILED ? "device reported update result 5 (integrity check)" : null));
    }

    private static FirmwareUpdate with(FirmwareUpdate u, FirmwareUpdateStatus status, String reason) {
        return new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(),
                FirmwareUpdate.Delivery.PULL, status, status == FirmwareUpdateStatus.DOWNLOADING ? 50 : 100,
                u.previousVersion(), null, reason, u.createdAt(), u.updatedAt(), u.deadline());
    }

    /** Finishes every in-progress device of the campaign: failing those matching {@code fails}. */
    private void finishInProgress(String id, Predicate<String> fails) {
        for (CampaignDevice row : rows(id, CampaignDeviceStatus.IN_PROGRESS)) {
            finish(row.endpoint(), fails.test(row.endpoint()) ? FirmwareUpdateStatus.FAILED
                    : FirmwareUpdateStatus.SUCCEEDED);
        }
    }

    private long updatesOf(String endpoint, String campaignId) {
        return updates.forDevice(endpoint).stream().filter(u -> campaignId.equals(u.campaignId())).count();
    }

    @Test
    void waves_of_200_devices_hold_2_then_20_then_100_then_200() {
        createDevices(200, "tracker");

        Campaign c = create(null, null, null);

        assertThat(c.state()).isEqualTo(CampaignState.DRAFT);
        assertThat(c.waves()).containsExactly(1, 10, 50, 100);
        assertThat(c.waveEnds()).containsExactly(2, 20, 100, 200);
        assertThat(c.failureThreshold()).isEqualTo(10);
        assertThat(c.maxConcurrent()).isEqualTo(50);
        assertThat(c.totals().total()).isEqualTo(200);
        assertThat(c.totals().pending()).isEqualTo(200);
        List<CampaignDevice> all = rows(c.id(), null);
        for (int wave = 0; wave < 4; wave++) {
            int w = wave;
            assertThat(all.stream().filter(r -> r.wave() == w).count()).as("wave %d", wave)
                    .isEqualTo(c.waveSize(wave));
        }
        assertThat(CampaignRules.waveEnds(List.of(1, 10, 50, 100), 3)).containsExactly(1, 1, 2, 3);
        assertThat(CampaignRules.waveEnds(List.of(1, 10, 50, 100), 1)).containsExactly(1, 1, 1, 1);
        assertThat(CampaignRules.waveEnds(List.of(1, 10, 50, 100), 0)).containsExactly(0, 0, 0, 0);
        assertThat(CampaignRules.waveEnds(List.of(33, 100), 10)).containsExactly(4, 10);
    }

    @Test
    void a_campaign_runs_wave_by_wave_within_max_concurrent_to_completion() {
        createDevices(200, "tracker");
        Campaign c = create(null, null, 50);
        assertThat(campaigns.start(c.id()).state()).isEqualTo(CampaignState.RUNNING);

        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).hasSize(2)
                .allSatisfy(r -> assertThat(r.wave()).isZero());
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("no new start before the wave ends").hasSize(2);

        finishInProgress(c.id(), e -> false);
        runner.runOnce();
        assertThat(campaigns.get(c.id()).currentWave()).isEqualTo(1);
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).hasSize(18);

        finishInProgress(c.id(), e -> false);
        runner.runOnce();
        Campaign third = campaigns.get(c.id());
        assertThat(third.currentWave()).isEqualTo(2);
        assertThat(third.totals().inProgress()).isEqualTo(50);
        assertThat(third.totals().waiting()).isEqualTo(50);
        assertThat(third.totals().succeeded()).isEqualTo(20);

        for (int i = 0; i < 10 && !campaigns.get(c.id()).state().isFinal(); i++) {
            finishInProgress(c.id(), e -> false);
            runner.runOnce();
            assertThat(campaigns.get(c.id()).totals().inProgress()).isLessThanOrEqualTo(50);
        }

        Campaign done = campaigns.get(c.id());
        assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
        assertThat(done.totals().succeeded()).isEqualTo(200);
        assertThat(done.totals().progressPercent()).isEqualTo(100);
        assertThat(done.finishedAt()).isEqualTo(T0);
        assertThat(heard).extracting(Campaign::state).contains(CampaignState.DRAFT, CampaignState.RUNNING,
                CampaignState.COMPLETED);
        assertThat(updates.forCampaign(c.id())).hasSize(200);
    }

    @Test
    void a_wave_may_fail_up_to_its_threshold_exactly() {
        List<String> all = createDevices(200, "tracker");
        Campaign c = create(List.of(10, 100), 10, 100);
        campaigns.start(c.id());
        runner.runOnce();
        List<String> first = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS).stream().map(CampaignDevice::endpoint)
                .toList();
        assertThat(first).hasSize(20);

        finishInProgress(c.id(), e -> e.equals(first.get(0)) || e.equals(first.get(1)));
        runner.runOnce();

        Campaign next = campaigns.get(c.id());
        assertThat(next.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(next.currentWave()).isEqualTo(1);
        assertThat(next.totals().failed()).isEqualTo(2);
        assertThat(next.totals().inProgress()).isEqualTo(100);
        assertThat(all).hasSize(200);
    }

    @Test
    void one_failure_past_the_threshold_aborts_at_once_and_cancels_the_rest() {
        createDevices(200, "tracker");
        Campaign c = create(List.of(10, 100), 10, 100);
        campaigns.start(c.id());
        runner.runOnce();
        List<String> first = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS).stream().map(CampaignDevice::endpoint)
                .toList();
        for (int i = 0; i < 3; i++) {
            finish(first.get(i), FirmwareUpdateStatus.FAILED);
        }
        finish(first.get(3), FirmwareUpdateStatus.SUCCEEDED);

        runner.runOnce();

        Campaign aborted = campaigns.get(c.id());
        assertThat(aborted.state()).isEqualTo(CampaignState.ABORTED);
        assertThat(aborted.stateReason()).contains("3 of 20 devices failed").contains("10 % threshold");
        assertThat(aborted.totals()).isEqualTo(new CampaignTotals(200, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 196));
        for (String e : first.subList(4, 20)) {
            assertThat(updates.forDevice(e)).singleElement().extracting(FirmwareUpdate::status)
                    .isEqualTo(FirmwareUpdateStatus.CANCELLED);
        }
        assertThat(rows(c.id(), CampaignDeviceStatus.CANCELLED)).hasSize(196)
                .allSatisfy(r -> assertThat(r.reason()).startsWith("campaign aborted: wave 1"));
        assertThat(updates.allUnfinished()).isEmpty();
        assertThat(updates.forCampaign(c.id())).hasSize(20);
        runner.runOnce();
        assertThat(updates.forCampaign(c.id())).hasSize(20);
    }

    @Test
    void pause_lets_updates_in_flight_finish_and_starts_nothing_until_resume() {
        createDevices(20, "tracker");
        Campaign c = create(List.of(50, 100), 10, 5);
        campaigns.start(c.id());
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).hasSize(5);

        assertThat(campaigns.pause(c.id()).state()).isEqualTo(CampaignState.PAUSED);
        finishInProgress(c.id(), e -> false);
        runner.runOnce();

        Campaign paused = campaigns.get(c.id());
        assertThat(paused.state()).isEqualTo(CampaignState.PAUSED);
        assertThat(paused.totals().succeeded()).isEqualTo(5);
        assertThat(paused.totals().inProgress()).isZero();
        assertThatThrownBy(() -> campaigns.pause(c.id())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> campaigns.start(c.id())).isInstanceOf(ConflictException.class);

        assertThat(campaigns.resume(c.id()).state()).isEqualTo(CampaignState.RUNNING);
        assertThatThrownBy(() -> campaigns.resume(c.id())).isInstanceOf(ConflictException.class);
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).hasSize(5);
    }

    @Test
    void cancel_cancels_pending_devices_and_unfinished_updates() {
        createDevices(10, "tracker");
        Campaign c = create(List.of(100), 10, 4);
        campaigns.start(c.id());
        runner.runOnce();
        finish(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS).get(0).endpoint(), FirmwareUpdateStatus.SUCCEEDED);

        Campaign cancelled = campaigns.cancel(c.id());

        assertThat(cancelled.state()).isEqualTo(CampaignState.CANCELLED);
        assertThat(cancelled.totals()).isEqualTo(new CampaignTotals(10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 9));
        assertThat(updates.allUnfinished()).isEmpty();
        assertThat(updates.forCampaign(c.id())).extracting(FirmwareUpdate::status)
                .containsOnly(FirmwareUpdateStatus.SUCCEEDED, FirmwareUpdateStatus.CANCELLED).hasSize(4);
        assertThatThrownBy(() -> campaigns.cancel(c.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already CANCELLED");
        assertThatThrownBy(() -> campaigns.resume(c.id())).isInstanceOf(ConflictException.class);
        runner.runOnce();
        assertThat(updates.forCampaign(c.id())).hasSize(4);
    }

    @Test
    void a_campaign_with_a_start_time_is_scheduled_until_then() {
        createDevices(3, "tracker");
        Campaign c = campaigns.create(new NewCampaign("night", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), null, null, T0.plusSeconds(3600), null));

        assertThat(campaigns.start(c.id()).state()).isEqualTo(CampaignState.SCHEDULED);
        runner.runOnce();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.SCHEDULED);
        assertThat(updates.allUnfinished()).isEmpty();

        clock.advance(Duration.ofHours(1));
        runner.runOnce();

        Campaign running = campaigns.get(c.id());
        assertThat(running.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(running.totals().inProgress()).isEqualTo(3);
    }

    @Test
    void excluded_devices_are_listed_with_their_reason() {
        createDevices(3, "tracker");
        createDevices(1, "meter");
        devices.patch("tracker-001", null, DeviceState.SUSPENDED);
        devices.decommission("tracker-002");
        devices.create(new NewDevice("untyped", null, null,
                new CredentialsInput("PSK", "id-untyped", "00112233445566778899aabbccddeeff"), null));
        createDevices(3, "sensor");
        Firmware v3 = repository.add("3.0", "tracker", "2.0");
        repository.add("3.0", "sensor", "2.0");
        reported.put("tracker-000", "3.0");

        Campaign c = campaigns.create(new NewCampaign("mixed", v3.id(), CampaignTarget.ofEndpoints(List.of(
                "tracker-000", "tracker-001", "tracker-002", "meter-000", "untyped", "ghost")), null, null, null, null,
                null));

        assertThat(c.excluded()).isEqualTo(6);
        assertThat(c.totals().total()).isZero();
        assertThat(campaigns.exclusions(c.id())).extracting(Exclusion::endpoint, Exclusion::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ghost", ExclusionReason.UNKNOWN_DEVICE),
                org.assertj.core.groups.Tuple.tuple("meter-000", ExclusionReason.INCOMPATIBLE_TYPE),
                org.assertj.core.groups.Tuple.tuple("tracker-000", ExclusionReason.ALREADY_ON_TARGET),
                org.assertj.core.groups.Tuple.tuple("tracker-001", ExclusionReason.DEVICE_NOT_ACTIVE),
                org.assertj.core.groups.Tuple.tuple("tracker-002", ExclusionReason.DEVICE_NOT_ACTIVE),
                org.assertj.core.groups.Tuple.tuple("untyped", ExclusionReason.NO_DEVICE_TYPE));
        assertThat(campaigns.exclusions(c.id()).get(1).detail()).contains("meter").contains("[tracker]");

        reported.put("sensor-000", "1.0");
        Campaign sensors = campaigns.create(new NewCampaign("sensors", repository.findVersion("sensor", "3.0")
                .orElseThrow().id(), CampaignTarget.ofDeviceType("sensor"), null, null, null, null, null));
        assertThat(sensors.totals().total()).isEqualTo(2);
        assertThat(campaigns.exclusions(sensors.id())).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(ExclusionReason.VERSION_NOT_APPLICABLE);
            assertThat(x.detail()).contains("runs 1.0").contains("[2.0]");
        });
    }

    @Test
    void a_device_refused_when_its_turn_comes_is_skipped_with_the_reason() {
        createDevices(3, "tracker");
        Campaign c = create(List.of(100), 10, 10);
        FirmwareUpdate manual = updates.start("tracker-001", v1.id(), null);
        campaigns.start(c.id());

        runner.runOnce();

        CampaignDevice skipped = campaigns.devices(c.id(), CampaignDeviceStatus.SKIPPED, PageRequest.first()).items()
                .get(0);
        assertThat(skipped.endpoint()).isEqualTo("tracker-001");
        assertThat(skipped.reason()).contains("unfinished firmware update " + manual.id());
        assertThat(skipped.updateId()).isNull();
        assertThat(campaigns.get(c.id()).totals().skipped()).isEqualTo(1);
        finishInProgress(c.id(), e -> false);
        runner.runOnce();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.COMPLETED);
    }

    @Test
    void bad_requests_name_their_fields_and_blocked_images_conflict() {
        createDevices(1, "tracker");

        assertThatThrownBy(() -> campaigns.create(new NewCampaign(" ", null, new CampaignTarget(List.of("a"), "p",
                null), List.of(10, 5), 101, 0, null, null))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("name", "firmwareId",
                                "target", "waves[1]", "failureThreshold", "maxConcurrent"));
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType("t"),
                List.of(10, 50), null, null, null, null))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("waves"));
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", "fw-404", CampaignTarget.ofDeviceType(
                "tracker"), null, null, null, null, null))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("firmwareId"));
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType(
                "toaster"), null, null, null, null, null))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("target"));

        Campaign draft = create(null, null, null);
        repository.setBlocked(v2.id(), true, "bricks radios");
        assertThatThrownBy(() -> create(null, null, null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bricks radios");
        assertThatThrownBy(() -> campaigns.start(draft.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    void an_image_blocked_while_running_aborts_the_campaign() {
        createDevices(4, "tracker");
        Campaign c = create(List.of(50, 100), 100, 10);
        campaigns.start(c.id());
        runner.runOnce();
        repository.setBlocked(v2.id(), true, "field returns");

        runner.runOnce();

        Campaign aborted = campaigns.get(c.id());
        assertThat(aborted.state()).isEqualTo(CampaignState.ABORTED);
        assertThat(aborted.stateReason()).contains("blocked: field returns");
        assertThat(updates.allUnfinished()).isEmpty();
    }

    @Test
    void firmware_of_an_unfinished_campaign_cannot_be_deleted() {
        createDevices(1, "tracker");
        Campaign c = create(null, null, null);

        assertThatThrownBy(() -> repository.delete(v2.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining(c.id());
        campaigns.cancel(c.id());
        repository.delete(v2.id());
    }

    @Test
    void a_restart_mid_campaign_continues_and_starts_no_device_twice() {
        List<String> all = createDevices(40, "tracker");
        Campaign c = create(List.of(25, 100), 50, 10);
        campaigns.start(c.id());
        runner.runOnce();
        runner.runOnce();
        List<CampaignDevice> inFlight = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(inFlight).hasSize(10);
        finish(inFlight.get(0).endpoint(), FirmwareUpdateStatus.SUCCEEDED);

        // while the server is down the driver (another process life) finishes two more: nobody listens to that
        runner.stop();
        DefaultFirmwareUpdateService unheard = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db),
                devices, repository, versions, clock);
        for (CampaignDevice row : inFlight.subList(1, 3)) {
            FirmwareUpdate u = unheard.unfinished(row.endpoint()).orElseThrow();
            unheard.transition(u.id(), x -> with(x, FirmwareUpdateStatus.SUCCEEDED, null));
        }
        restart();
        runner.recover();

        Campaign recovered = campaigns.get(c.id());
        assertThat(recovered.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(recovered.totals().succeeded()).isEqualTo(3);
        assertThat(recovered.totals().inProgress()).isEqualTo(7);

        for (int i = 0; i < 20 && !campaigns.get(c.id()).state().isFinal(); i++) {
            runner.runOnce();
            finishInProgress(c.id(), e -> false);
        }
        runner.runOnce();

        Campaign done = campaigns.get(c.id());
        assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
        assertThat(done.totals().succeeded()).isEqualTo(40);
        for (String e : all) {
            assertThat(updatesOf(e, c.id())).as("updates of %s", e).isEqualTo(1);
        }
    }

    @Test
    void a_crash_between_reserving_an_update_id_and_starting_it_never_starts_twice() {
        createDevices(6, "tracker");
        Campaign c = create(List.of(100), 10, 6);
        campaigns.start(c.id());
        AtomicInteger calls = new AtomicInteger();
        // the process "dies" inside the start: before the update is written for the first 3 devices, after it for
        // the next 3 (the row is never confirmed)
        open(new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices, repository, versions,
                clock) {
            @Override
            public FirmwareUpdate start(String id, String endpoint, String firmwareId, String campaignId) {
                if (calls.incrementAndGet() <= 3) {
                    throw new IllegalStateException("simulated crash before the write");
                }
                super.start(id, endpoint, firmwareId, campaignId);
                throw new IllegalStateException("simulated crash after the write");
            }
        });
        runner.runOnce();
        List<CampaignDevice> reserved = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(reserved).hasSize(6).allSatisfy(r -> {
            assertThat(r.updateId()).isNotNull();
            assertThat(r.isReservedOnly()).isTrue();
        });
        assertThat(updates.allUnfinished()).hasSize(3);

        restart();
        runner.recover();
        runner.runOnce();

        assertThat(updates.allUnfinished()).hasSize(6);
        for (CampaignDevice r : reserved) {
            assertThat(updates.forDevice(r.endpoint())).singleElement().extracting(FirmwareUpdate::id)
                    .isEqualTo(r.updateId());
            assertThat(campaigns.devices(c.id(), null, PageRequest.first()).items()).filteredOn(
                    d -> d.endpoint().equals(r.endpoint())).singleElement().extracting(CampaignDevice::step)
                    .isEqualTo(FirmwareUpdateStatus.PENDING);
        }
    }

    @Test
    void rollback_targets_exactly_the_devices_that_succeeded() {
        List<String> all = createDevices(10, "tracker");
        for (String e : all) {
            reported.put(e, "1.0");
        }
        Campaign c = create(List.of(100), 100, 10);
        assertThatThrownBy(() -> campaigns.rollback(c.id())).isInstanceOf(ConflictException.class);
        campaigns.start(c.id());
        runner.runOnce();
        List<String> failing = all.subList(0, 4);
        finishInProgress(c.id(), failing::contains);
        runner.runOnce();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.COMPLETED);
        for (String e : all.subList(4, 10)) {
            reported.put(e, "2.0");
        }

        Campaign back = campaigns.rollback(c.id());

        assertThat(back.state()).isEqualTo(CampaignState.RUNNING);
        assertThat(back.previousCampaignId()).isEqualTo(c.id());
        assertThat(back.firmwareId()).isEqualTo(v1.id());
        assertThat(back.waves()).containsExactly(100);
        assertThat(back.excluded()).isZero();
        assertThat(back.target().endpoints()).containsExactlyInAnyOrderElementsOf(all.subList(4, 10));
        assertThat(rows(back.id(), null)).extracting(CampaignDevice::endpoint)
                .containsExactlyElementsOf(all.subList(4, 10));
        runner.runOnce();
        assertThat(updates.forCampaign(back.id())).extracting(FirmwareUpdate::endpoint)
                .containsExactlyInAnyOrderElementsOf(all.subList(4, 10))
                .hasSize(6);
        assertThat(updates.forCampaign(back.id())).extracting(FirmwareUpdate::targetVersion).containsOnly("1.0");
    }

    @Test
    void the_runner_thread_drives_a_campaign_to_completion() {
        createDevices(30, "tracker");
        Campaign c = create(null, null, 10);
        runner.start();
        campaigns.start(c.id());

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            finishInProgress(c.id(), e -> false);
            return campaigns.get(c.id()).state() == CampaignState.COMPLETED;
        });

        assertThat(campaigns.get(c.id()).totals().succeeded()).isEqualTo(30);
        assertThat(updates.forCampaign(c.id())).hasSize(30);
    }

    @Test
    void a_device_offline_past_device_wait_is_skipped_freeing_its_slot_and_the_campaign_completes() {
        List<String> all = createDevices(3, "tracker");
        Campaign c = campaigns.create(new NewCampaign("offline", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), 0, 1, null, null, Duration.ofHours(1)));
        assertThat(c.deviceWait()).isEqualTo(Duration.ofHours(1));
        campaigns.start(c.id());
        runner.runOnce();
        List<CampaignDevice> first = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(first).hasSize(1);
        String offline = first.get(0).endpoint();
        assertThat(first.get(0).step()).isEqualTo(FirmwareUpdateStatus.PENDING);

        clock.advance(Duration.ofMinutes(59));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).extracting(CampaignDevice::endpoint)
                .as("still within its hour").containsExactly(offline);

        clock.advance(Duration.ofMinutes(1));
        runner.runOnce();
        CampaignDevice skipped = campaigns.devices(c.id(), CampaignDeviceStatus.SKIPPED, PageRequest.of(10, null))
                .items().get(0);
        assertThat(skipped.endpoint()).isEqualTo(offline);
        assertThat(skipped.reason()).isEqualTo("device did not come online within PT1H");
        FirmwareUpdate cancelled = updates.find(skipped.updateId()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(FirmwareUpdateStatus.CANCELLED);
        assertThat(cancelled.failureReason()).isEqualTo("device did not come online within PT1H");
        List<CampaignDevice> second = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(second).as("the slot went to the next device in the same pass").hasSize(1);
        String online = second.get(0).endpoint();
        assertThat(online).isNotEqualTo(offline);
        Campaign running = campaigns.get(c.id());
        assertThat(running.state()).as("a skip is no failure, even at threshold 0").isEqualTo(CampaignState.RUNNING);
        assertThat(running.totals().skipped()).isEqualTo(1);
        assertThat(running.totals().failed()).isZero();

        // this device comes online within its wait and is then never skipped, however long it takes
        clock.advance(Duration.ofMinutes(30));
        FirmwareUpdate u = updates.unfinished(online).orElseThrow();
        updates.transition(u.id(), x -> with(x, FirmwareUpdateStatus.DOWNLOADING, null));
        clock.advance(Duration.ofHours(2));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).extracting(CampaignDevice::endpoint)
                .containsExactly(online);
        updates.transition(u.id(), x -> with(x, FirmwareUpdateStatus.SUCCEEDED, null));
        runner.runOnce();

        // the last one waits across a restart: its wait counts from its update's creation
        String last = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS).get(0).endpoint();
        assertThat(List.of(offline, online, last)).containsExactlyInAnyOrderElementsOf(all);
        clock.advance(Duration.ofMinutes(40));
        restart();
        runner.recover();
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).hasSize(1);
        clock.advance(Duration.ofMinutes(20));
        runner.runOnce();

        Campaign done = campaigns.get(c.id());
        assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
        assertThat(done.totals().succeeded()).isEqualTo(1);
        assertThat(done.totals().skipped()).isEqualTo(2);
        assertThat(done.totals().failed()).isZero();
        assertThat(done.totals().cancelled()).isZero();
        assertThat(rows(c.id(), CampaignDeviceStatus.SKIPPED)).extracting(CampaignDevice::endpoint)
                .containsExactlyInAnyOrder(offline, last);
        for (String e : all) {
            assertThat(updatesOf(e, c.id())).as(e).isEqualTo(1);
        }
    }

    @Test
    void a_skip_written_to_the_update_only_reads_back_as_skipped_after_a_crash() {
        createDevices(1, "tracker");
        Campaign c = campaigns.create(new NewCampaign("crash", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), null, null, null, null, Duration.ofSeconds(1)));
        campaigns.start(c.id());
        runner.runOnce();
        FirmwareUpdate u = updates.forCampaign(c.id()).get(0);
        // the update was cancelled for the wait, then the process died before the campaign row was written
        runner.stop();
        db.close();
        db = MotehubDb.open(dir);
        DefaultFirmwareUpdateService fresh = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db),
                devices(), repository, versions, clock);
        fresh.cancel(u.id(), CampaignDevice.offlineReason(Duration.ofSeconds(1)));
        open(fresh);
        runner.recover();

        assertThat(rows(c.id(), CampaignDeviceStatus.SKIPPED)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("device did not come online within PT1S"));
        runner.runOnce();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.COMPLETED);
    }

    @Test
    void device_wait_is_validated_and_defaults_to_24_hours() {
        createDevices(1, "tracker");
        for (Duration bad : List.of(Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(-5),
                Duration.ofDays(366))) {
            assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType(
                    "tracker"), null, null, null, null, null, bad))).as(bad.toString())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(f -> f.field()).containsExactly("deviceWaitSeconds"));
        }
        assertThat(create(null, null, null).deviceWait()).isEqualTo(Duration.ofHours(24));
        assertThat(campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType("tracker"), null, null,
                null, null, null, Duration.ofSeconds(1))).deviceWait()).isEqualTo(Duration.ofSeconds(1));
    }

    // ---------------------------------------------------------------- maintenance window

    private Campaign windowed(int devicesCount, MaintenanceWindow window) {
        createDevices(devicesCount, "tracker");
        Campaign c = campaigns.create(new NewCampaign("windowed", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), null, 1, null, null, null, window));
        campaigns.start(c.id());
        return c;
    }

    @Test
    void a_window_past_midnight_starts_devices_only_inside_it_and_started_updates_go_on_outside() {
        // T0 is Friday 03:04 UTC: outside 22:00-02:00
        Campaign c = windowed(3, new MaintenanceWindow("22:00", "02:00", null, null));
        assertThat(c.window().zone()).as("default zone").isEqualTo("UTC");
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).isEmpty();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.RUNNING);

        clock.set(Instant.parse("2026-01-02T21:59:59Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("a second before it opens").isEmpty();

        clock.set(Instant.parse("2026-01-02T22:00:00Z"));
        runner.runOnce();
        List<CampaignDevice> first = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(first).as("opens at 22:00").hasSize(1);

        clock.set(Instant.parse("2026-01-03T01:59:00Z"));
        finish(first.get(0).endpoint(), FirmwareUpdateStatus.SUCCEEDED);
        runner.runOnce();
        List<CampaignDevice> second = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(second).as("still open at 01:59, past midnight").hasSize(1);

        clock.set(Instant.parse("2026-01-03T02:00:00Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).extracting(CampaignDevice::endpoint)
                .as("the started update goes on after the window closed").containsExactly(second.get(0).endpoint());
        finish(second.get(0).endpoint(), FirmwareUpdateStatus.SUCCEEDED);
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.SUCCEEDED)).hasSize(2);
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("closed at 02:00").isEmpty();
        clock.set(Instant.parse("2026-01-03T12:00:00Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.PENDING)).hasSize(1);
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.RUNNING);

        clock.set(Instant.parse("2026-01-03T22:00:00Z"));
        runner.runOnce();
        finishInProgress(c.id(), e -> false);
        runner.runOnce();
        assertThat(campaigns.get(c.id()).state()).isEqualTo(CampaignState.COMPLETED);
        assertThat(campaigns.get(c.id()).totals().succeeded()).isEqualTo(3);
    }

    @Test
    void a_window_opens_only_on_its_days_in_its_zone() {
        // Saturdays 01:00-05:00 in Tokyo (UTC+9) = Fridays 16:00-20:00 UTC; T0 is Friday 12:04 in Tokyo
        Campaign c = windowed(2, new MaintenanceWindow("01:00", "05:00", List.of("saturday"), "Asia/Tokyo"));
        assertThat(c.window().days()).containsExactly("SATURDAY");
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).isEmpty();
        clock.set(Instant.parse("2026-01-02T15:59:00Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("Saturday 00:59 in Tokyo").isEmpty();
        clock.set(Instant.parse("2026-01-02T16:00:00Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("Saturday 01:00 in Tokyo").hasSize(1);

        clock.set(Instant.parse("2026-01-03T16:30:00Z"));
        finishInProgress(c.id(), e -> false);
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("Sunday 01:30 in Tokyo: not a window day")
                .isEmpty();
        clock.set(Instant.parse("2026-01-09T16:30:00Z"));
        runner.runOnce();
        assertThat(rows(c.id(), CampaignDeviceStatus.IN_PROGRESS)).as("the next Saturday").hasSize(1);

        MaintenanceWindow fridayNight = new MaintenanceWindow("22:00", "02:00", List.of("FRIDAY"), "UTC");
        assertThat(fridayNight.isOpen(Instant.parse("2026-01-02T23:00:00Z"))).isTrue();
        assertThat(fridayNight.isOpen(Instant.parse("2026-01-03T01:00:00Z"))).as("Saturday, part of Friday's window")
                .isTrue();
        assertThat(fridayNight.isOpen(Instant.parse("2026-01-03T23:00:00Z"))).as("Saturday's own window").isFalse();
        assertThat(fridayNight.isOpen(Instant.parse("2026-01-02T01:00:00Z"))).as("Thursday's window").isFalse();
    }

    @Test
    void a_bad_window_names_each_field() {
        createDevices(1, "tracker");
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType(
                "tracker"), null, null, null, null, null, null, new MaintenanceWindow("24:00", "7:30",
                        List.of("MONDAY", "FUNDAY"), "Mars/Olympus"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field())
                        .containsExactly("window.from", "window.to", "window.days[1]", "window.zone"));
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType(
                "tracker"), null, null, null, null, null, null, new MaintenanceWindow(null, "03:00", null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("window.from"));
        assertThatThrownBy(() -> campaigns.create(new NewCampaign("x", v2.id(), CampaignTarget.ofDeviceType(
                "tracker"), null, null, null, null, null, null, new MaintenanceWindow("03:00", "03:00", null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("window.to"));
    }

    @Test
    void a_window_is_stored_with_the_campaign_and_an_old_campaign_reads_back_without_one() {
        createDevices(1, "tracker");
        Campaign c = campaigns.create(new NewCampaign("kept", v2.id(), CampaignTarget.ofDeviceType("tracker"), null,
                null, null, null, null, null, new MaintenanceWindow("01:00", "04:30", List.of("MONDAY"),
                        "Europe/Paris")));
        Campaign plain = create(null, null, null);
        restart();
        assertThat(campaigns.get(c.id()).window())
                .isEqualTo(new MaintenanceWindow("01:00", "04:30", List.of("MONDAY"), "Europe/Paris"));
        assertThat(campaigns.get(plain.id()).window()).isNull();
        String old = "{\"id\":\"c0\",\"name\":\"old\",\"firmwareId\":\"fw\",\"targetVersion\":\"2.0\","
                + "\"target\":{\"deviceType\":\"tracker\"},\"waves\":[100],\"waveEnds\":[1],"
                + "\"failureThreshold\":10,\"maxConcurrent\":5,\"mandatory\":false,\"state\":\"DRAFT\","
                + "\"currentWave\":0,\"totals\":" + new String(org.motehub.model.rocksdb.StoreJson
                        .write(CampaignTotals.NONE), java.nio.charset.StandardCharsets.UTF_8) + ",\"excluded\":0,"
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
        Campaign read = org.motehub.model.rocksdb.StoreJson.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Campaign.class);
        assertThat(read.window()).isNull();
        assertThat(read.deviceWait()).isEqualTo(CampaignRules.DEFAULT_DEVICE_WAIT);
    }

    // ---------------------------------------------------------------- mandatory

    @Test
    void a_mandatory_campaign_skips_an_offline_device_but_keeps_its_update_queued_for_its_return() {
        List<String> all = createDevices(2, "tracker");
        Campaign c = campaigns.create(new NewCampaign("must", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), 0, 1, null, true, Duration.ofHours(1)));
        assertThat(c.mandatory()).isTrue();
        campaigns.start(c.id());
        runner.runOnce();
        String offline = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS).get(0).endpoint();
        clock.advance(Duration.ofHours(1));
        runner.runOnce();

        CampaignDevice skipped = rows(c.id(), CampaignDeviceStatus.SKIPPED).get(0);
        assertThat(skipped.endpoint()).isEqualTo(offline);
        assertThat(skipped.reason())
                .isEqualTo("offline past PT1H; its update stays queued because the campaign is mandatory");
        FirmwareUpdate queued = updates.find(skipped.updateId()).orElseThrow();
        assertThat(queued.status()).as("not cancelled").isEqualTo(FirmwareUpdateStatus.PENDING);
        assertThat(updates.unfinished(offline)).map(FirmwareUpdate::id).contains(queued.id());
        List<CampaignDevice> next = rows(c.id(), CampaignDeviceStatus.IN_PROGRESS);
        assertThat(next).as("the slot is freed").hasSize(1);
        String online = next.get(0).endpoint();
        assertThat(List.of(offline, online)).containsExactlyInAnyOrderElementsOf(all);

        finish(online, FirmwareUpdateStatus.SUCCEEDED);
        runner.runOnce();
        Campaign done = campaigns.get(c.id());
        assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
        assertThat(done.totals().skipped()).isEqualTo(1);
        assertThat(done.totals().succeeded()).isEqualTo(1);
        assertThat(done.totals().cancelled()).isZero();
        assertThat(updates.find(queued.id()).orElseThrow().status()).isEqualTo(FirmwareUpdateStatus.PENDING);

        // the device registers again days later; the driver runs its queued update
        clock.advance(Duration.ofDays(3));
        restart();
        runner.recover();
        runner.runOnce();
        assertThat(updates.find(queued.id()).orElseThrow().status()).isEqualTo(FirmwareUpdateStatus.PENDING);
        finish(offline, FirmwareUpdateStatus.SUCCEEDED);
        assertThat(updates.find(queued.id()).orElseThrow().status()).isEqualTo(FirmwareUpdateStatus.SUCCEEDED);
        assertThat(updatesOf(offline, c.id())).isEqualTo(1);
        assertThat(campaigns.get(c.id()).totals()).as("the finished campaign's counts stay").isEqualTo(done.totals());
    }

    @Test
    void cancelling_a_mandatory_campaign_cancels_the_updates_it_left_queued() {
        createDevices(2, "tracker");
        Campaign c = campaigns.create(new NewCampaign("must", v2.id(), CampaignTarget.ofDeviceType("tracker"),
                List.of(100), 0, 1, null, true, Duration.ofHours(1)));
        campaigns.start(c.id());
        runner.runOnce();
        clock.advance(Duration.ofHours(1));
        runner.runOnce();
        CampaignDevice skipped = rows(c.id(), CampaignDeviceStatus.SKIPPED).get(0);

        campaigns.cancel(c.id());

        FirmwareUpdate u = updates.find(skipped.updateId()).orElseThrow();
        assertThat(u.status()).isEqualTo(FirmwareUpdateStatus.CANCELLED);
        assertThat(u.failureReason()).isEqualTo("campaign cancelled by an operator");
        assertThat(updates.unfinished(skipped.endpoint())).isEmpty();
    }
}
