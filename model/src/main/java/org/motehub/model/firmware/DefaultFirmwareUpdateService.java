// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.Ids;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware updates on a {@link FirmwareUpdateStore}. Everything that changes one device's updates (start, transition,
 * cancel) is serialized by a striped lock on the endpoint, which is what keeps a device to one unfinished update;
 * listeners hear each change after it is written, outside the lock.
 */
public class DefaultFirmwareUpdateService implements FirmwareUpdateService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultFirmwareUpdateService.class);
    private static final int STRIPES = 256;

    private final FirmwareUpdateStore store;
    private final DeviceService devices;
    private final FirmwareRepository firmware;
    private final DeviceFirmwareVersions versions;
    private final Clock clock;
    private final Ids ids;
    private final Object[] stripes = new Object[STRIPES];
    private final List<FirmwareUpdateListener> listeners = new CopyOnWriteArrayList<>();
    /** Devices with an unfinished update, loaded at start and kept under the device's lock with every write. */
    private final Set<String> withUnfinished = ConcurrentHashMap.newKeySet();

    /** A service that knows no device's current version (the driver checks it when the update runs). */
    public DefaultFirmwareUpdateService(FirmwareUpdateStore store, DeviceService devices, FirmwareRepository firmware,
            Clock clock) {
        this(store, devices, firmware, DeviceFirmwareVersions.UNKNOWN, clock);
    }

    /**
     * Creates the service and registers a usage check with {@code firmware}, so that an image with unfinished updates
     * cannot be deleted.
     *
     * @param versions the versions devices reported, to refuse an image that does not apply on a device's version
     * @throws NullPointerException if an argument is null
     */
    public DefaultFirmwareUpdateService(FirmwareUpdateStore store, DeviceService devices, FirmwareRepository firmware,
            DeviceFirmwareVersions versions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new Ids(clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        store.unfinished().forEach(u -> withUnfinished.add(u.endpoint()));
        firmware.addUsageCheck(firmwareId -> store.unfinished().stream()
                .filter(u -> u.firmwareId().equals(firmwareId)).findFirst()
                .map(u -> "unfinished firmware update " + u.id() + " of device " + u.endpoint()));
    }

    private Object lockOf(String endpoint) {
        return stripes[Math.floorMod(endpoint.hashCode(), STRIPES)];
    }

    @Override
    public String newUpdateId() {
        String id = ids.next();
        while (store.find(id).isPresent()) {
            id = ids.next(); // the clock went back across a restart: never reuse a stored id
        }
        return id;
    }

    @Override
    public FirmwareUpdate start(String endpoint, String firmwareId, String campaignId) {
        return start(newUpdateId(), endpoint, firmwareId, campaignId);
    }

    @Override
    public FirmwareUpdate start(String id, String endpoint, String firmwareId, String campaignId) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(firmwareId, "firmwareId");
        FirmwareUpdate created;
        synchronized (lockOf(endpoint)) {
            Optional<FirmwareUpdate> existing = store.find(id);
            if (existing.isPresent()) {
                FirmwareUpdate u = existing.get();
                if (u.endpoint().equals(endpoint) && u.firmwareId().equals(firmwareId)
                        && Objects.equals(u.campaignId(), campaignId)) {
                    return u;
                }
                throw new ConflictException("update id " + id + " is already used by an update of device "
                        + u.endpoint());
            }
            Device device = devices.get(endpoint);
            if (device.state() != DeviceState.ACTIVE && device.state() != DeviceState.PROVISIONING) {
                throw new ConflictException("device " + endpoint + " is " + device.state()
                        + " and takes no firmware update");
            }
            Firmware image = firmware.find(firmwareId)
                    .orElseThrow(() -> new NotFoundException("no firmware with id " + firmwareId));
            if (image.blocked()) {
                throw new ConflictException("firmware " + firmwareId + " (version " + image.version()
                        + ") is blocked: " + image.blockedReason());
            }
            Optional<String> current = versions.versionOf(endpoint);
            checkFits(device, image, current);
            Optional<FirmwareUpdate> latest = store.latest(endpoint);
            if (latest.isPresent() && !latest.get().status().isFinal()) {
                throw new ConflictException("device " + endpoint + " already has an unfinished firmware update "
                        + latest.get().id() + " (" + latest.get().status() + ")");
            }
            Instant now = clock.instant();
            created = new FirmwareUpdate(id, endpoint, firmwareId, image.version(), campaignId, null,
                    FirmwareUpdateStatus.PENDING, 0, current.orElse(null), null, null, now, now, null);
            store.put(created);
            withUnfinished.add(endpoint);
        }
        LOG.info("Firmware update [{}] of device [{}] to version [{}] created{}", id, endpoint,
                created.targetVersion(), campaignId == null ? "" : " for campaign [" + campaignId + "]");
        fire(created);
        return created;
    }

    /** Refuses an image that does not fit the device's type or, when it is known, its current version. */
    private static void checkFits(Device device, Firmware image, Optional<String> current) {
        String endpoint = device.endpoint();
        if (device.type() == null) {
            throw new InvalidInputException(List.of(new FieldError("firmwareId", "device " + endpoint
                    + " has no type, so firmware " + image.id() + " (for device types " + image.deviceTypes()
                    + ") cannot be checked to fit it; give the device a type first")));
        }
        if (!image.deviceTypes().contains(device.type())) {
            throw new InvalidInputException(List.of(new FieldError("firmwareId", "firmware " + image.id()
                    + " fits device types " + image.deviceTypes() + ", not type " + device.type() + " of device "
                    + endpoint)));
        }
        if (current.isPresent()) {
            if (current.get().equals(image.version())) {
                throw new ConflictException("device " + endpoint + " already runs version " + image.version());
            }
            if (!image.fits(device.type(), current.get())) {
                throw new InvalidInputException(List.of(new FieldError("firmwareId", "firmware " + image.id()
                        + " applies only on versions " + image.fromVersions() + ", device " + endpoint + " runs "
                        + current.get())));
            }
        }
    }

    @Override
    public Optional<FirmwareUpdate> find(String id) {
        return store.find(id);
    }

    @Override
    public List<FirmwareUpdate> forDevice(String endpoint) {
        return store.forDevice(endpoint);
    }

    @Override
    public Optional<FirmwareUpdate> unfinished(String endpoint) {
        return store.latest(endpoint).filter(u -> !u.status().isFinal());
    }

    @Override
    public boolean mayHaveUnfinished(String endpoint) {
        return withUnfinished.contains(endpoint);
    }

    @Override
    public List<FirmwareUpdate> allUnfinished() {
        return store.unfinished();
    }

    @Override
    public List<FirmwareUpdate> forCampaign(String campaignId) {
        return store.forCampaign(campaignId);
    }

    @Override
    public FirmwareUpdate transition(String id, UnaryOperator<FirmwareUpdate> change) {
        FirmwareUpdate first = store.find(id).orElseThrow(() -> new NotFoundException("no firmware update " + id));
        FirmwareUpdate previous;
        FirmwareUpdate next;
        synchronized (lockOf(first.endpoint())) {
            previous = store.find(id).orElseThrow();
            if (previous.status().isFinal()) {
                return previous;
            }
            FirmwareUpdate changed = change.apply(previous);
            if (changed == null || changed.equals(previous)) {
                return previous;
            }
            if (!changed.id().equals(previous.id()) || !changed.endpoint().equals(previous.endpoint())
                    || !changed.firmwareId().equals(previous.firmwareId())
                    || !Objects.equals(changed.campaignId(), previous.campaignId())
                    || !changed.createdAt().equals(previous.createdAt())) {
                throw new IllegalArgumentException("a transition may not change the id, device, firmware, campaign"
                        + " or creation time of update " + id);
            }
            next = touched(changed, clock.instant());
            store.put(next);
            if (next.status().isFinal()) {
                withUnfinished.remove(next.endpoint()); // a device has one unfinished update at most
            }
        }
        if (next.status() != previous.status()) {
            if (next.failureReason() != null && next.status().isFinal()) {
                LOG.info("Firmware update [{}] of device [{}] moved from [{}] to [{}]: {}", id, next.endpoint(),
                        previous.status(), next.status(), next.failureReason());
            } else {
                LOG.info("Firmware update [{}] of device [{}] moved from [{}] to [{}]", id, next.endpoint(),
                        previous.status(), next.status());
            }
        }
        fire(next);
        return next;
    }

    private static FirmwareUpdate touched(FirmwareUpdate u, Instant now) {
        return new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(),
                u.delivery(), u.status(), u.percent(), u.previousVersion(), u.lwm2mResult(), u.failureReason(),
                u.createdAt(), now, u.status().isFinal() ? null : u.deadline());
    }

    @Override
    public FirmwareUpdate cancel(String id, String reason) {
        return transition(id, u -> new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(),
                u.campaignId(), u.delivery(), FirmwareUpdateStatus.CANCELLED, u.percent(), u.previousVersion(),
                u.lwm2mResult(), reason == null ? "cancelled" : reason, u.createdAt(), u.updatedAt(), null));
    }

    private void fire(FirmwareUpdate update) {
        for (FirmwareUpdateListener l : listeners) {
            try {
                l.updateChanged(update);
            } catch (RuntimeException e) {
                LOG.error("Firmware update listener failed for device [{}]", update.endpoint(), e);
            }
        }
    }

    @Override
    public void addListener(FirmwareUpdateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
