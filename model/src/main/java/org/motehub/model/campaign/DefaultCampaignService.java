// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.motehub.model.ConflictException;
import org.motehub.model.Ids;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceQuery;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns on a {@link CampaignStore}, run on {@link FirmwareUpdateService}. Everything that changes one campaign
 * (operator actions, the runner's passes, update outcomes) holds that campaign's lock and writes the campaign with
 * its changed device rows in one batch, so totals always match rows. The {@link CampaignRunner} calls
 * {@link #advance(String)} and {@link #recover()}.
 */
public class DefaultCampaignService implements CampaignService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCampaignService.class);
    /** How many device rows one filtered listing may scan. */
    private static final int SCAN_BUDGET = 100_000;

    private final CampaignStore store;
    private final DeviceService devices;
    private final FirmwareRepository firmware;
    private final FirmwareUpdateService updates;
    private final DeviceFirmwareVersions versions;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final List<CampaignListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable work = () -> {
    };

    /**
     * Creates the service; it hears update outcomes from {@code updates} at once, and registers a usage check with
     * {@code firmware} so that an image used by an unfinished campaign cannot be deleted.
     *
     * @throws NullPointerException if an argument is null
     */
    public DefaultCampaignService(CampaignStore store, DeviceService devices, FirmwareRepository firmware,
            FirmwareUpdateService updates, DeviceFirmwareVersions versions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new Ids(clock);
        for (Campaign c : allCampaigns()) {
            if (c.state() != CampaignState.DRAFT && !c.state().isFinal()) {
                active.add(c.id());
            }
        }
        updates.addListener(this::updateChanged);
        firmware.addUsageCheck(firmwareId -> allCampaigns().stream()
                .filter(c -> !c.state().isFinal() && c.firmwareId().equals(firmwareId)).findFirst()
                .map(c -> "campaign " + c.id() + " (" + c.name() + ", " + c.state() + ")"));
    }

    private List<Campaign> allCampaigns() {
        return store.list(null, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- creation

    @Override
    public Campaign create(NewCampaign request) {
        CampaignRules.validate(request);
        Firmware image = firmware.find(request.firmwareId())
                .orElseThrow(() -> new InvalidInputException("firmwareId", "no firmware with id "
                        + request.firmwareId()));
        List<Exclusion> exclusions = new ArrayList<>();
        List<Device> selected = select(request.target(), exclusions);
        if (selected.isEmpty() && exclusions.isEmpty()) {
            throw new InvalidInputException("target", "selects no device");
        }
        return create(request.name(), image, request.target(), selected, exclusions,
                request.waves() == null ? CampaignRules.DEFAULT_WAVES : request.waves(),
                request.failureThreshold() == null ? CampaignRules.DEFAULT_FAILURE_THRESHOLD
                        : request.failureThreshold(),
                request.maxConcurrent() == null ? CampaignRules.DEFAULT_MAX_CONCURRENT : request.maxConcurrent(),
                request.deviceWait() == null ? CampaignRules.DEFAULT_DEVICE_WAIT : request.deviceWait(),
                request.startAt(), request.mandatory() == null ? image.mandatory() : request.mandatory(), null,
                request.window() == null ? null : request.window().normalized());
    }

    private Campaign create(String name, Firmware image, CampaignTarget target, List<Device> selected,
            List<Exclusion> exclusions, List<Integer> waves, int threshold, int maxConcurrent, Duration deviceWait,
            Instant startAt, boolean mandatory, String previousCampaignId, MaintenanceWindow window) {
        if (image.blocked()) {
            throw new ConflictException("firmware " + image.id() + " (version " + image.version() + ") is blocked: "
                    + image.blockedReason());
        }
        List<String> eligible = new ArrayList<>();
        for (Device d : selected) {
            Optional<Exclusion> why = exclusion(d, image);
            if (why.isPresent()) {
                exclusions.add(why.get());
            } else {
                eligible.add(d.endpoint());
            }
        }
        String id = ids.next();
        while (store.find(id).isPresent()) {
            id = ids.next();
        }
        // a stable shuffle: the first waves sample the whole fleet instead of the first endpoints in name order
        Collections.sort(eligible);
        Collections.shuffle(eligible, new Random(id.hashCode()));
        List<Integer> ends = CampaignRules.waveEnds(waves, eligible.size());
        Instant now = clock.instant();
        List<CampaignDevice> rows = new ArrayList<>(eligible.size());
        int wave = 0;
        for (int i = 0; i < eligible.size(); i++) {
            while (i >= ends.get(wave)) {
                wave++;
            }
            rows.add(CampaignDevice.pending(id, eligible.get(i), wave, now));
        }
        exclusions.sort(Comparator.comparing(Exclusion::endpoint));
        CampaignTotals totals = CampaignTotals.NONE;
        for (CampaignDevice row : rows) {
            totals = totals.plus(row, 1);
        }
        Campaign campaign = new Campaign(id, name, image.id(), image.version(), target, waves, ends, threshold,
                maxConcurrent, deviceWait, startAt, mandatory, CampaignState.DRAFT, null, 0, totals, exclusions.size(),
                previousCampaignId, now, now, null, null, window);
        store.create(campaign, rows, exclusions);
        LOG.info("Campaign [{}] '{}' created: firmware [{}] version [{}], {} devices in waves {}, {} excluded", id,
                name, image.id(), image.version(), rows.size(), ends, exclusions.size());
        fire(campaign);
        return campaign;
    }

    private List<Device> select(CampaignTarget target, List<Exclusion> exclusions) {
        List<Device> result = new ArrayList<>();
        if (target.endpoints() != null) {
            for (String endpoint : target.endpoints()) {
                Optional<Device> d = devices.find(endpoint);
                if (d.isPresent()) {
                    result.add(d.get());
                } else {
                    exclusions.add(new Exclusion(endpoint, ExclusionReason.UNKNOWN_DEVICE, "no such device"));
                }
            }
            return result;
        }
        String cursor = null;
        do {
            Page<Device> page = devices.list(DeviceQuery.all(PageRequest.of(PageRequest.MAX_LIMIT, cursor)));
            for (Device d : page.items()) {
                if (target.profile() != null ? target.profile().equals(d.profile())
                        : target.deviceType().equals(d.type())) {
                    result.add(d);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return result;
    }

    private Optional<Exclusion> exclusion(Device d, Firmware image) {
        String endpoint = d.endpoint();
        if (d.state() != DeviceState.ACTIVE && d.state() != DeviceState.PROVISIONING) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.DEVICE_NOT_ACTIVE, "device is " + d.state()));
        }
        if (d.type() == null) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.NO_DEVICE_TYPE,
                    "device has no type; the image fits " + image.deviceTypes()));
        }
        if (!image.deviceTypes().contains(d.type())) {
            return Optional.of(new Exclusion(endpoint, ExclusionReason.INCOMPATIBLE_TYPE,
                    "device type " + d.type() + "; the image fits " + image.deviceTypes()));
        }
        Optional<String> version = versions.versionOf(endpoint);
        if (version.isPresent()) {
            if (version.get().equals(image.version())) {
                return Optional.of(new Exclusion(endpoint, ExclusionReason.ALREADY_ON_TARGET,
                        "device already runs version " + image.version()));
            }
            if (!image.fromVersions().isEmpty() && !image.fromVersions().contains(version.get())) {
                return Optional.of(new Exclusion(endpoint, ExclusionReason.VERSION_NOT_APPLICABLE, "device runs "
                        + version.get() + "; the image applies only on " + image.fromVersions()));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Campaign> find(String id) {
        return store.find(id);
    }

    @Override
    public Campaign get(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no campaign with id " + id));
    }

    @Override
    public Page<Campaign> list(PageRequest page) {
        List<Campaign> items = store.list(page.after().orElse(null), page.limit() + 1);
        if (items.size() > page.limit()) {
            List<Campaign> shown = items.subList(0, page.limit());
            return new Page<>(shown, PageRequest.cursorAfter(shown.get(shown.size() - 1).id()));
        }
        return new Page<>(items, null);
    }

    @Override
    public Page<CampaignDevice> devices(String id, CampaignDeviceStatus status, PageRequest page) {
        get(id);
        int limit = page.limit();
        List<CampaignDevice> items = new ArrayList<>(limit);
        String after = page.after().orElse(null);
        int scanned = 0;
        while (items.size() < limit && scanned < SCAN_BUDGET) {
            List<CampaignDevice> chunk = store.devices(id, after, Math.max(limit, 256));
            if (chunk.isEmpty()) {
                return new Page<>(items, null);
            }
            for (CampaignDevice d : chunk) {
                scanned++;
                after = d.endpoint();
                if (status == null || d.status() == status) {
                    items.add(d);
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
        }
        boolean more = !store.devices(id, after, 1).isEmpty();
        return new Page<>(items, more ? PageRequest.cursorAfter(after) : null);
    }

    @Override
    public List<Exclusion> exclusions(String id) {
        get(id);
        return store.exclusions(id);
    }

    // ---------------------------------------------------------------- operator actions

    @Override
    public Campaign start(String id) {
        Campaign started = locked(id, () -> {
            Campaign c = get(id);
            if (c.state() != CampaignState.DRAFT) {
                throw new ConflictException("campaign " + id + " is " + c.state() + "; only a DRAFT campaign starts");
            }
            Firmware image = firmware.find(c.firmwareId()).orElseThrow(
                    () -> new ConflictException("firmware " + c.firmwareId() + " of campaign " + id + " is gone"));
            if (image.blocked()) {
                throw new ConflictException("firmware " + image.id() + " (version " + image.version()
                        + ") is blocked: " + image.blockedReason());
            }
            Instant now = clock.instant();
            CampaignState next = c.startAt() != null && c.startAt().isAfter(now) ? CampaignState.SCHEDULED
                    : CampaignState.RUNNING;
            return saveState(c, next, null, now);
        });
        active.add(id);
        fire(started);
        work.run();
        return started;
    }

    @Override
    public Campaign pause(String id) {
        Campaign paused = operatorMove(id, CampaignState.RUNNING, CampaignState.PAUSED, "pause");
        fire(paused);
        return paused;
    }

    @Override
    public Campaign resume(String id) {
        Campaign resumed = operatorMove(id, CampaignState.PAUSED, CampaignState.RUNNING, "resume");
        fire(resumed);
        work.run();
        return resumed;
    }

    private Campaign operatorMove(String id, CampaignState from, CampaignState to, String action) {
        return locked(id, () -> {
            Campaign c = get(id);
            if (c.state() != from) {
                throw new ConflictException("campaign " + id + " is " + c.state() + "; only a " + from
                        + " campaign can " + action);
            }
            return saveState(c, to, null, clock.instant());
        });
    }

    @Override
    public Campaign cancel(String id) {
        Campaign cancelled = locked(id, () -> {
            Campaign c = get(id);
            if (c.state().isFinal()) {
                throw new ConflictException("campaign " + id + " is already " + c.state());
            }
            c = saveState(c, CampaignState.CANCELLED, "cancelled by an operator", clock.instant());
            return stopRemaining(c, rowsOf(id), "campaign cancelled by an operator");
        });
        active.remove(id);
        fire(cancelled);
        return cancelled;
    }

    @Override
    public Campaign rollback(String id) {
        Campaign original = get(id);
        if (!original.state().isFinal()) {
            throw new ConflictException("campaign " + id + " is " + original.state()
                    + "; pause and cancel it before rolling it back");
        }
        List<Exclusion> exclusions = new ArrayList<>();
        Map<String, List<Device>> byImage = new LinkedHashMap<>();
        Map<String, Firmware> images = new LinkedHashMap<>();
        int succeeded = 0;
        for (CampaignDevice row : store.allDevices(id)) {
            if (row.status() != CampaignDeviceStatus.SUCCEEDED) {
                continue;
            }
            succeeded++;
            Optional<Device> device = devices.find(row.endpoint());
            Optional<Firmware> previous = device.map(Device::type).filter(t -> row.previousVersion() != null)
                    .flatMap(t -> firmware.findVersion(t, row.previousVersion()));
            if (previous.isEmpty()) {
                exclusions.add(new Exclusion(row.endpoint(), ExclusionReason.NO_PREVIOUS_IMAGE,
                        row.previousVersion() == null ? "the version it ran before is unknown"
                                : "no image of version " + row.previousVersion() + " for its type"));
                continue;
            }
            images.putIfAbsent(previous.get().id(), previous.get());
            byImage.computeIfAbsent(previous.get().id(), k -> new ArrayList<>()).add(device.get());
        }
        if (succeeded == 0) {
            throw new ConflictException("no device succeeded in campaign " + id + ": nothing to roll back");
        }
        if (byImage.isEmpty()) {
            throw new ConflictException("no device of campaign " + id + " has an image of its previous version");
        }
        String imageId = byImage.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow().getKey();
        Firmware image = images.get(imageId);
        for (Map.Entry<String, List<Device>> other : byImage.entrySet()) {
            if (!other.getKey().equals(imageId)) {
                Firmware o = images.get(other.getKey());
                for (Device d : other.getValue()) {
                    exclusions.add(new Exclusion(d.endpoint(), ExclusionReason.OTHER_PREVIOUS_VERSION,
                            "ran version " + o.version() + " before; this rollback returns to " + image.version()));
                }
            }
        }
        List<Device> targets = byImage.get(imageId);
        List<String> endpoints = new ArrayList<>();
        for (Device d : targets) {
            endpoints.add(d.endpoint());
        }
        Campaign rollback = create("Rollback of " + original.name(), image, CampaignTarget.ofEndpoints(endpoints),
                targets, exclusions, List.of(100), 100, original.maxConcurrent(), original.deviceWait(), null, false,
                id, original.window());
        LOG.info("Campaign [{}] rolls back campaign [{}]: {} devices back to version [{}]", rollback.id(), id,
                rollback.totals().total(), image.version());
        return start(rollback.id());
    }

    @Override
    public void addListener(CampaignListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---------------------------------------------------------------- runner side

    /** Sets what to call when a campaign has work for the runner (started, resumed, a device finished). */
    void onWork(Runnable r) {
        work = r == null ? () -> {
        } : r;
    }

    /** @return the ids of the campaigns that are SCHEDULED, RUNNING or PAUSED. */
    List<String> activeIds() {
        List<String> result = new ArrayList<>(active);
        Collections.sort(result);
        return result;
    }

    /**
     * After a restart: brings every device row in progress up to date with its update (whose outcome may have been
     * written while no listener heard it), and recounts the totals from the rows.
     */
    void recover() {
        for (Campaign c : allCampaigns()) {
            if (c.state() == CampaignState.DRAFT || (c.state().isFinal() && c.totals().inProgress() == 0)) {
                continue;
            }
            Campaign changed = locked(c.id(), () -> reconcile(c.id()));
            if (changed != null) {
                fire(changed);
            }
            if (!c.state().isFinal()) {
                active.add(c.id());
            }
        }
    }

    private Campaign reconcile(String id) {
        Campaign c = get(id);
        Map<String, CampaignDevice> rows = rowsOf(id);
        Campaign before = c;
        Instant now = clock.instant();
        for (CampaignDevice row : new ArrayList<>(rows.values())) {
            if (row.status() != CampaignDeviceStatus.IN_PROGRESS) {
                continue;
            }
            Optional<FirmwareUpdate> u = updates.find(row.updateId());
            if (u.isPresent() && c.state().isFinal() && !u.get().status().isFinal() && !installing(u.get())) {
                u = Optional.of(updates.cancel(u.get().id(), c.stateReason()));
            }
            if (u.isPresent()) {
                c = apply(c, rows, List.of(row.following(u.get(), now)));
            } else if (!row.isReservedOnly()) {
                LOG.warn("Campaign [{}]: update [{}] of device [{}] is missing; it will be started again", id,
                        row.updateId(), row.endpoint());
                c = apply(c, rows, List.of(row.reserved(row.updateId(), now)));
            } else if (c.state().isFinal()) {
                c = apply(c, rows, List.of(row.finished(CampaignDeviceStatus.CANCELLED, c.stateReason(), now)));
            }
        }
        CampaignTotals recount = CampaignTotals.NONE;
        for (CampaignDevice row : rows.values()) {
            recount = recount.plus(row, 1);
        }
        if (!recount.equals(c.totals())) {
            LOG.warn("Campaign [{}]: totals recounted from its devices", id);
            c = c.withTotals(recount, now);
            store.save(c, List.of());
        }
        return c == before ? null : c;
    }

    /**
     * One pass of the runner over a campaign: starts it at its start time, checks the failure threshold of the
     * current wave, starts devices up to the concurrency limit, and moves to the next wave or finishes.
     */
    void advance(String id) {
        Campaign changed = locked(id, () -> advanceLocked(id));
        if (changed != null) {
            if (changed.state().isFinal()) {
                active.remove(id);
            }
            fire(changed);
        }
    }

    private Campaign advanceLocked(String id) {
        Campaign c = store.find(id).orElse(null);
        if (c == null) {
            return null;
        }
        Campaign before = c;
        Instant now = clock.instant();
        if (c.state() == CampaignState.SCHEDULED && (c.startAt() == null || !now.isBefore(c.startAt()))) {
            c = saveState(c, CampaignState.RUNNING, null, now);
        }
        if (c.state() != CampaignState.RUNNING && c.state() != CampaignState.PAUSED) {
            return c == before ? null : c;
        }
        Map<String, CampaignDevice> rows = rowsOf(id);
        for (CampaignDevice row : new ArrayList<>(rows.values())) {
            if (row.isReservedOnly()) {
                if (c.state() == CampaignState.RUNNING) {
                    c = startReserved(c, rows, row);
                } else {
                    Optional<FirmwareUpdate> u = updates.find(row.updateId());
                    c = apply(c, rows, List.of(u.isPresent() ? row.following(u.get(), now) : row.unreserved(now)));
                }
            }
        }
        c = skipOffline(c, rows, clock.instant());
        while (true) {
            int wave = c.currentWave();
            List<CampaignDevice> waveRows = rows.values().stream().filter(r -> r.wave() == wave).toList();
            long failed = waveRows.stream().filter(r -> r.status() == CampaignDeviceStatus.FAILED).count();
            if (failed * 100 > (long) c.failureThreshold() * waveRows.size()) {
                String reason = "wave " + (wave + 1) + ": " + failed + " of " + waveRows.size()
                        + " devices failed, more than the " + c.failureThreshold() + " % threshold";
                c = abort(c, rows, reason);
                break;
            }
            if (c.state() != CampaignState.RUNNING) {
                break;
            }
            Optional<Firmware> image = firmware.find(c.firmwareId());
            if (image.isEmpty() || image.get().blocked()) {
                c = abort(c, rows, "firmware " + c.firmwareId() + image.map(f -> " was blocked: " + f.blockedReason())
                        .orElse(" was deleted"));
                break;
            }
            long inFlight = rows.values().stream().filter(r -> r.status() == CampaignDeviceStatus.IN_PROGRESS)
                    .count();
            // outside its maintenance window a campaign starts no device; the ones already started go on
            boolean windowOpen = c.window() == null || c.window().isOpen(clock.instant());
            for (CampaignDevice row : waveRows) {
                if (inFlight >= c.maxConcurrent() || !windowOpen) {
                    break;
                }
                if (row.status() == CampaignDeviceStatus.PENDING) {
                    c = startDevice(c, rows, row);
                    if (rows.get(row.endpoint()).status() == CampaignDeviceStatus.IN_PROGRESS) {
                        inFlight++;
                    }
                }
            }
            boolean waveDone = rows.values().stream().filter(r -> r.wave() == wave)
                    .allMatch(r -> r.status().isFinal());
            if (!waveDone) {
                break;
            }
            // the wave may have just failed past the threshold (a device skipped or failed at its start): check again
            long failedNow = rows.values().stream()
                    .filter(r -> r.wave() == wave && r.status() == CampaignDeviceStatus.FAILED).count();
            if (failedNow * 100 > (long) c.failureThreshold() * waveRows.size()) {
                continue;
            }
            if (wave + 1 >= c.waves().size()) {
                c = saveState(c, CampaignState.COMPLETED, null, clock.instant());
                LOG.info("Campaign [{}] completed: {} succeeded, {} failed, {} skipped, {} cancelled", id,
                        c.totals().succeeded(), c.totals().failed(), c.totals().skipped(), c.totals().cancelled());
                break;
            }
            c = c.withCurrentWave(wave + 1, clock.instant());
            store.save(c, List.of());
            LOG.info("Campaign [{}] moved to wave {} of {} ({} devices)", id, wave + 2, c.waves().size(),
                    c.waveSize(wave + 1));
        }
        return c == before ? null : c;
    }

    /**
     * Skips the devices whose update has waited PENDING (device offline or asleep) for longer than the campaign's
     * {@code deviceWait}, counted from the update's creation so that it holds across restarts: the update is cancelled
     * (only if still PENDING: a device that came online meanwhile goes on) with a reason that makes the row SKIPPED,
     * which frees its slot and is no failure.
     */
    private Campaign skipOffline(Campaign c, Map<String, CampaignDevice> rows, Instant now) {
        String why = CampaignDevice.offlineReason(c.deviceWait());
        for (CampaignDevice row : new ArrayList<>(rows.values())) {
            if (row.status() != CampaignDeviceStatus.IN_PROGRESS || row.step() != FirmwareUpdateStatus.PENDING) {
                continue;
            }
            Optional<FirmwareUpdate> u = updates.find(row.updateId());
            if (u.isEmpty() || u.get().status() != FirmwareUpdateStatus.PENDING
                    || now.isBefore(u.get().createdAt().plus(c.deviceWait()))) {
                continue;
            }
            if (c.mandatory()) {
                // the update stays PENDING: the driver runs it when the device registers again
                String queued = CampaignDevice.queuedReason(c.deviceWait());
                LOG.info("Campaign [{}]: device [{}] skipped, update [{}] kept: {}", c.id(), row.endpoint(),
                        row.updateId(), queued);
                c = apply(c, rows, List.of(row.skippedQueued(queued, now)));
                continue;
            }
            FirmwareUpdate after = updates.transition(u.get().id(),
                    x -> x.status() == FirmwareUpdateStatus.PENDING ? cancelled(x, why) : x);
            if (after.status() == FirmwareUpdateStatus.CANCELLED) {
                LOG.info("Campaign [{}]: device [{}] skipped: {}", c.id(), row.endpoint(), why);
            }
            c = apply(c, rows, List.of(row.following(after, now)));
        }
        return c;
    }

    private static FirmwareUpdate cancelled(FirmwareUpdate u, String why) {
        return new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(),
                u.delivery(), FirmwareUpdateStatus.CANCELLED, u.percent(), u.previousVersion(), u.lwm2mResult(), why,
                u.createdAt(), u.updatedAt(), null);
    }

    /** Reserves an update id for {@code row} (stored first), then starts the update with it. */
    private Campaign startDevice(Campaign c, Map<String, CampaignDevice> rows, CampaignDevice row) {
        CampaignDevice reserved = row.reserved(updates.newUpdateId(), clock.instant());
        c = apply(c, rows, List.of(reserved));
        return startReserved(c, rows, reserved);
    }

    private Campaign startReserved(Campaign c, Map<String, CampaignDevice> rows, CampaignDevice row) {
        try {
            FirmwareUpdate u = updates.start(row.updateId(), row.endpoint(), c.firmwareId(), c.id());
            return apply(c, rows, List.of(row.following(u, clock.instant())));
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            LOG.info("Campaign [{}]: device [{}] skipped: {}", c.id(), row.endpoint(), e.getMessage());
            return apply(c, rows,
                    List.of(row.finished(CampaignDeviceStatus.SKIPPED, e.getMessage(), clock.instant())));
        } catch (RuntimeException e) {
            LOG.error("Campaign [{}]: update of device [{}] could not be started; retried on the next pass", c.id(),
                    row.endpoint(), e);
            return c;
        }
    }

    private Campaign abort(Campaign c, Map<String, CampaignDevice> rows, String reason) {
        LOG.warn("Campaign [{}] aborted: {}", c.id(), reason);
        c = saveState(c, CampaignState.ABORTED, reason, clock.instant());
        return stopRemaining(c, rows, "campaign aborted: " + reason);
    }

    /**
     * Cancels every pending device and every unfinished update of the campaign, except the updates a device is already
     * installing: LwM2M gives no way to stop a device in state Updating, so those finish and are counted (and a
     * rollback then reaches them) instead of being reported cancelled while the device runs the new version.
     */
    private Campaign stopRemaining(Campaign c, Map<String, CampaignDevice> rows, String why) {
        Instant now = clock.instant();
        List<CampaignDevice> cancelled = new ArrayList<>();
        for (CampaignDevice row : rows.values()) {
            if (row.status() == CampaignDeviceStatus.PENDING) {
                cancelled.add(row.finished(CampaignDeviceStatus.CANCELLED, why, now));
            }
        }
        c = apply(c, rows, cancelled);
        for (CampaignDevice row : rows.values()) {
            if (row.status() == CampaignDeviceStatus.SKIPPED && row.updateId() != null) {
                // a mandatory campaign's update left queued for an offline device: it goes with the campaign
                updates.find(row.updateId()).filter(u -> u.status() == FirmwareUpdateStatus.PENDING)
                        .ifPresent(u -> updates.cancel(u.id(), why));
            }
        }
        for (CampaignDevice row : new ArrayList<>(rows.values())) {
            if (row.status() != CampaignDeviceStatus.IN_PROGRESS) {
                continue;
            }
            Optional<FirmwareUpdate> u = updates.find(row.updateId());
            if (u.isPresent()) {
                FirmwareUpdate after = installing(u.get()) ? u.get() : updates.cancel(u.get().id(), why);
                c = apply(c, rows, List.of(row.following(after, now)));
            } else {
                c = apply(c, rows, List.of(row.finished(CampaignDeviceStatus.CANCELLED, why, now)));
            }
        }
        return c;
    }

    /** An update changed: its campaign row follows it. Runs on the thread that changed the update. */
    private void updateChanged(FirmwareUpdate event) {
        String id = event.campaignId();
        if (id == null) {
            return;
        }
        ReentrantLock lock = lockOf(id);
        if (lock.isHeldByCurrentThread()) {
            return; // the campaign's own action on this thread applies the result itself
        }
        Campaign changed = null;
        boolean finished = false;
        lock.lock();
        try {
            Optional<CampaignDevice> row = store.findDevice(id, event.endpoint());
            Optional<Campaign> campaign = store.find(id);
            if (row.isEmpty() || campaign.isEmpty() || !event.id().equals(row.get().updateId())
                    || row.get().status().isFinal()) {
                return;
            }
            FirmwareUpdate fresh = updates.find(event.id()).orElse(event);
            CampaignDevice next = row.get().following(fresh, clock.instant());
            if (!next.equals(row.get())) {
                Map<String, CampaignDevice> rows = new LinkedHashMap<>();
                rows.put(next.endpoint(), row.get());
                changed = apply(campaign.get(), rows, List.of(next));
                finished = next.status().isFinal();
            }
        } finally {
            lock.unlock();
        }
        if (changed != null) {
            fire(changed);
            if (finished) {
                work.run();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** @return whether the device has been told to install the update (it can no longer be stopped). */
    private static boolean installing(FirmwareUpdate u) {
        return u.status() == FirmwareUpdateStatus.UPDATING || u.status() == FirmwareUpdateStatus.VERIFYING;
    }

    private ReentrantLock lockOf(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private <T> T locked(String id, Supplier<T> action) {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private Map<String, CampaignDevice> rowsOf(String id) {
        Map<String, CampaignDevice> rows = new LinkedHashMap<>();
        for (CampaignDevice row : store.allDevices(id)) {
            rows.put(row.endpoint(), row);
        }
        return rows;
    }

    private Campaign saveState(Campaign c, CampaignState state, String reason, Instant now) {
        Campaign next = c.withState(state, reason, now);
        store.save(next, List.of());
        LOG.info("Campaign [{}] moved from [{}] to [{}]{}", c.id(), c.state(), state,
                reason == null ? "" : ": " + reason);
        return next;
    }

    /** Writes the changed rows with the campaign's recounted totals in one batch; rows equal to before are skipped. */
    private Campaign apply(Campaign c, Map<String, CampaignDevice> rows, Collection<CampaignDevice> changed) {
        CampaignTotals totals = c.totals();
        List<CampaignDevice> written = new ArrayList<>(changed.size());
        for (CampaignDevice next : changed) {
            CampaignDevice before = rows.get(next.endpoint());
            if (next.equals(before)) {
                continue;
            }
            totals = totals.replacing(before, next);
            written.add(next);
        }
        if (written.isEmpty()) {
            return c;
        }
        Campaign next = c.withTotals(totals, clock.instant());
        store.save(next, written);
        for (CampaignDevice row : written) {
            rows.put(row.endpoint(), row);
        }
        return next;
    }

    private void fire(Campaign campaign) {
        for (CampaignListener l : listeners) {
            try {
                l.campaignChanged(campaign);
            } catch (RuntimeException e) {
                LOG.error("Campaign listener failed for campaign [{}]", campaign.id(), e);
            }
        }
    }
}
