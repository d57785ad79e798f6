// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a started campaign on {@link FirmwareUpdateService}: the runner's pass (start time, wave failure
 * threshold, concurrency, maintenance window, device wait, next wave), starting and stopping devices, and the
 * reconciliation after a restart. Every method runs with the campaign's lock held by {@link DefaultCampaignService}.
 */
final class CampaignStepper {

    /** The service's logger, so that campaign events keep their log category. */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCampaignService.class);

    private final CampaignStore store;
    private final FirmwareRepository firmware;
    private final FirmwareUpdateService updates;
    private final Clock clock;
    private final CampaignLedger ledger;

    CampaignStepper(CampaignStore store, FirmwareRepository firmware, FirmwareUpdateService updates, Clock clock,
            CampaignLedger ledger) {
        this.store = Objects.requireNonNull(store, "store");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * After a restart: brings every device row in progress up to date with its update (whose outcome may have been
     * written while no listener heard it), and recounts the totals from the rows.
     *
     * @return the campaign if that changed it, else null
     * @throws NotFoundException if there is no such campaign
     */
    Campaign reconcile(String id) {
        Campaign c = store.find(id)
                .orElseThrow(() -> new NotFoundException("no campaign with id " + id));
        Map<String, CampaignDevice> rows = ledger.rowsOf(id);
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
                c = ledger.apply(c, rows, List.of(row.following(u.get(), now)));
            } else if (!row.isReservedOnly()) {
                LOG.warn("Campaign [{}]: update [{}] of device [{}] is missing; it will be started again", id,
                        row.updateId(), row.endpoint());
                c = ledger.apply(c, rows, List.of(row.reserved(row.updateId(), now)));
            } else if (c.state().isFinal()) {
                c = ledger.apply(c, rows,
                        List.of(row.finished(CampaignDeviceStatus.CANCELLED, c.stateReason(), now)));
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
     *
     * @return the campaign if the pass changed it, else null (also when there is no such campaign)
     */
    Campaign step(String id) {
        Campaign c = store.find(id).orElse(null);
        if (c == null) {
            return null;
        }
        Campaign before = c;
        Instant now = clock.instant();
        if (c.state() == CampaignState.SCHEDULED && (c.startAt() == null || !now.isBefore(c.startAt()))) {
            c = ledger.saveState(c, CampaignState.RUNNING, null, now);
        }
        if (c.state() != CampaignState.RUNNING && c.state() != CampaignState.PAUSED) {
            return c == before ? null : c;
        }
        Map<String, CampaignDevice> rows = ledger.rowsOf(id);
        for (CampaignDevice row : new ArrayList<>(rows.values())) {
            if (row.isReservedOnly()) {
                if (c.state() == CampaignState.RUNNING) {
                    c = startReserved(c, rows, row);
                } else {
                    Optional<FirmwareUpdate> u = updates.find(row.updateId());
                    c = ledger.apply(c, rows,
                            List.of(u.isPresent() ? row.following(u.get(), now) : row.unreserved(now)));
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
                c = ledger.saveState(c, CampaignState.COMPLETED, null, clock.instant());
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
                c = ledger.apply(c, rows, List.of(row.skippedQueued(queued, now)));
                continue;
            }
            FirmwareUpdate after = updates.transition(u.get().id(),
                    x -> x.status() == FirmwareUpdateStatus.PENDING ? cancelled(x, why) : x);
            if (after.status() == FirmwareUpdateStatus.CANCELLED) {
                LOG.info("Campaign [{}]: device [{}] skipped: {}", c.id(), row.endpoint(), why);
            }
            c = ledger.apply(c, rows, List.of(row.following(after, now)));
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
        c = ledger.apply(c, rows, List.of(reserved));
        return startReserved(c, rows, reserved);
    }

    private Campaign startReserved(Campaign c, Map<String, CampaignDevice> rows, CampaignDevice row) {
        try {
            FirmwareUpdate u = updates.start(row.updateId(), row.endpoint(), c.firmwareId(), c.id());
            return ledger.apply(c, rows, List.of(row.following(u, clock.instant())));
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            LOG.info("Campaign [{}]: device [{}] skipped: {}", c.id(), row.endpoint(), e.getMessage());
            return ledger.apply(c, rows,
                    List.of(row.finished(CampaignDeviceStatus.SKIPPED, e.getMessage(), clock.instant())));
        } catch (RuntimeException e) {
            LOG.error("Campaign [{}]: update of device [{}] could not be started; retried on the next pass", c.id(),
                    row.endpoint(), e);
            return c;
        }
    }

    private Campaign abort(Campaign c, Map<String, CampaignDevice> rows, String reason) {
        LOG.warn("Campaign [{}] aborted: {}", c.id(), reason);
        c = ledger.saveState(c, CampaignState.ABORTED, reason, clock.instant());
        return stopRemaining(c, rows, "campaign aborted: " + reason);
    }

    /**
     * Cancels every pending device and every unfinished update of the campaign, except the updates a device is already
     * installing: LwM2M gives no way to stop a device in state Updating, so those finish and are counted (and a
     * rollback then reaches them) instead of being reported cancelled while the device runs the new version.
     */
    Campaign stopRemaining(Campaign c, Map<String, CampaignDevice> rows, String why) {
        Instant now = clock.instant();
        List<CampaignDevice> cancelled = new ArrayList<>();
        for (CampaignDevice row : rows.values()) {
            if (row.status() == CampaignDeviceStatus.PENDING) {
                cancelled.add(row.finished(CampaignDeviceStatus.CANCELLED, why, now));
            }
        }
        c = ledger.apply(c, rows, cancelled);
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
                c = ledger.apply(c, rows, List.of(row.following(after, now)));
            } else {
                c = ledger.apply(c, rows, List.of(row.finished(CampaignDeviceStatus.CANCELLED, why, now)));
            }
        }
        return c;
    }

    /** @return whether the device has been told to install the update (it can no longer be stopped). */
    private static boolean installing(FirmwareUpdate u) {
        return u.status() == FirmwareUpdateStatus.UPDATING || u.status() == FirmwareUpdateStatus.VERIFYING;
    }
}
