// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.motehub.model.device.DeviceService;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns on a {@link CampaignStore}, run on {@link FirmwareUpdateService}. Everything that changes one campaign
 * (operator actions, the runner's passes, update outcomes) holds that campaign's lock and writes the campaign with
 * its changed device rows in one batch ({@link CampaignLedger}), so totals always match rows. The
 * {@link CampaignRunner} calls {@link #advance(String)} and {@link #recover()}; the steps themselves are in
 * {@link CampaignStepper}, the choice of devices in {@link CampaignSelection}, rollbacks in {@link CampaignRollback}.
 */
public class DefaultCampaignService implements CampaignService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCampaignService.class);
    /** How many device rows one filtered listing may scan. */
    private static final int SCAN_BUDGET = 100_000;

    private final CampaignStore store;
    private final FirmwareRepository firmware;
    private final FirmwareUpdateService updates;
    private final Clock clock;
    private final Ids ids;
    private final CampaignSelection selection;
    private final CampaignLedger ledger;
    private final CampaignStepper stepper;
    private final CampaignRollback rollbacks;
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
        Objects.requireNonNull(devices, "devices");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.updates = Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(versions, "versions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new Ids(clock);
        this.selection = new CampaignSelection(devices, versions);
        this.ledger = new CampaignLedger(store, clock);
        this.stepper = new CampaignStepper(store, firmware, updates, clock, ledger);
        this.rollbacks = new CampaignRollback(store, devices, firmware);
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
        List<Device> selected = selection.select(request.target(), exclusions);
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
        List<String> eligible = selection.eligible(selected, image, exclusions);
        String id = ids.next();
        while (store.find(id).isPresent()) {
            id = ids.next();
        }
        List<Integer> ends = CampaignRules.waveEnds(waves, eligible.size());
        Instant now = clock.instant();
        List<CampaignDevice> rows = CampaignSelection.inWaves(id, eligible, ends, now);
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
            return ledger.saveState(c, next, null, now);
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
            return ledger.saveState(c, to, null, clock.instant());
        });
    }

    @Override
    public Campaign cancel(String id) {
        Campaign cancelled = locked(id, () -> {
            Campaign c = get(id);
            if (c.state().isFinal()) {
                throw new ConflictException("campaign " + id + " is already " + c.state());
            }
            c = ledger.saveState(c, CampaignState.CANCELLED, "cancelled by an operator", clock.instant());
            return stepper.stopRemaining(c, ledger.rowsOf(id), "campaign cancelled by an operator");
        });
        active.remove(id);
        fire(cancelled);
        return cancelled;
    }

    @Override
    public Campaign rollback(String id) {
        Campaign original = get(id);
        CampaignRollback.Plan plan = rollbacks.plan(original);
        Firmware image = plan.image();
        List<String> endpoints = new ArrayList<>();
        for (Device d : plan.targets()) {
            endpoints.add(d.endpoint());
        }
        Campaign rollback = create("Rollback of " + original.name(), image, CampaignTarget.ofEndpoints(endpoints),
                plan.targets(), plan.exclusions(), List.of(100), 100, original.maxConcurrent(),
                original.deviceWait(), null, false, id, original.window());
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
            Campaign changed = locked(c.id(), () -> stepper.reconcile(c.id()));
            if (changed != null) {
                fire(changed);
            }
            if (!c.state().isFinal()) {
                active.add(c.id());
            }
        }
    }

    /**
     * One pass of the runner over a campaign: starts it at its start time, checks the failure threshold of the
     * current wave, starts devices up to the concurrency limit, and moves to the next wave or finishes.
     */
    void advance(String id) {
        Campaign changed = locked(id, () -> stepper.step(id));
        if (changed != null) {
            if (changed.state().isFinal()) {
                active.remove(id);
            }
            fire(changed);
        }
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
                changed = ledger.apply(campaign.get(), rows, List.of(next));
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