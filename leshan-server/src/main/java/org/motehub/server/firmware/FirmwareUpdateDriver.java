// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.firmware;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.gateway.firmware.DownloadProgressListener;
import org.motehub.model.firmware.DeviceFirmwareVersionStore;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareLink;
import org.motehub.model.firmware.FirmwareLinkStore;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdate.Delivery;
import org.motehub.model.firmware.FirmwareUpdateListener;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.firmware.FirmwareUpdateStatus;
import org.motehub.server.dispatch.PerDeviceRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes firmware updates over LwM2M object 5, one device at a time and restart-safe. Every event (a new update, a
 * registration, a queue-mode device waking up (through {@link org.motehub.server.registration.DeviceContacts}), a
 * notification of State /5/0/3 or Update Result /5/0/5, a deadline, nothing heard for
 * {@link FirmwareDeliverySettings#recheckInterval()}) makes the driver look at the device again: it reads what the
 * device reports and takes the one next step that follows from it and from the stored update. Nothing is kept only in memory that a restart would need: after a
 * restart the device's own state says where it is, and an image is never sent again to a device that already holds
 * it (state Downloaded or Updating).
 *
 * <p>Steps: PENDING (waits for the device) → DOWNLOADING (Package URI /5/0/1 to {@code /fw/{token}} for pull, or
 * the image written to /5/0/0 for push) → DOWNLOADED (state 2; Update /5/0/2 executed) → UPDATING (state 3) →
 * VERIFYING (state back to Idle with result 1, device re-registered: /3/0/3 read) → SUCCEEDED when it equals the
 * target, FAILED otherwise; a result 2..9 fails the update with its meaning.
 */
public class FirmwareUpdateDriver implements FirmwareUpdateListener, ObservationListener, DownloadProgressListener {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateDriver.class);
    private static final String STATE = "/5/0/3";
    private static final String RESULT = "/5/0/5";
    private static final LwM2mPath STATE_PATH = new LwM2mPath(5, 0, 3);
    private static final LwM2mPath RESULT_PATH = new LwM2mPath(5, 0, 5);
    private static final int IDLE = 0;
    private static final int DOWNLOADING = 1;
    private static final int DOWNLOADED = 2;
    private static final int UPDATING = 3;
    private static final int PROTOCOL_COAPS = 1;
    private static final int DELIVERY_PULL = 0;
    private static final int DELIVERY_PUSH = 1;
    private static final int DELIVERY_BOTH = 2;

    private final LeshanServer server;
    private final FirmwareUpdateService updates;
    private final FirmwareRepository repository;
    private final FirmwareLinkStore links;
    private final DeviceFirmwareVersionStore versions;
    private final Supplier<URI> dmServerUri;
    private final FirmwareDeliverySettings settings;
    private final Clock clock;
    private final long requestTimeoutMs;
    /** Updates whose package was sent by this process: a device found Idle after that is not sent it again. */
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** update id -> registration id when Update was executed: verification waits for a newer registration. */
    private final Map<String, String> executedOnRegistration = new ConcurrentHashMap<>();
    /** update id -> when the sweep last asked its device again because nothing had been heard. */
    private final Map<String, Instant> rechecked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4,
            new NamedThreadFactory("motehub-firmware"));
    /** Looks at each device's unfinished update, one device at a time. */
    private final PerDeviceRuns driving = new PerDeviceRuns("Firmware update driver", executor, this::drive);

    /**
     * @param dmServerUri the CoAPS URI devices reach this server at (the one bootstrapping devices are given); the
     *        pull link is {@code <uri>/fw/<token>}
     * @param requestTimeout how long a device has to answer one request (the push write gets the download timeout)
     * @throws NullPointerException if an argument is null
     */
    public FirmwareUpdateDriver(LeshanServer server, FirmwareUpdateService updates, FirmwareRepository repository,
            FirmwareLinkStore links, DeviceFirmwareVersionStore versions, Supplier<URI> dmServerUri,
            FirmwareDeliverySettings settings, Duration requestTimeout, Clock clock) {
        this.server = Objects.requireNonNull(server, "server");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.links = Objects.requireNonNull(links, "links");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.dmServerUri = Objects.requireNonNull(dmServerUri, "dmServerUri");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.requestTimeoutMs = requestTimeout.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Resumes every unfinished update whose device is registered, and starts the deadline and link sweeps. */
    public void start() {
        for (FirmwareUpdate u : updates.allUnfinished()) {
            kick(u.endpoint());
        }
        long sweep = settings.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepDeadlines, sweep, sweep, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::sweepLinks, 1, 1, TimeUnit.MINUTES);
    }

    /** Stops driving; updates stay stored where they are and resume at the next start. */
    public void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks at the device's unfinished update soon, unless it is being looked at (then once more after that). */
    public void kick(String endpoint) {
        if (!updates.mayHaveUnfinished(endpoint)) {
            return; // an update created after this look kicks the device itself
        }
        driving.request(endpoint);
    }

    private void drive(String endpoint) {
        try {
            Optional<FirmwareUpdate> update = updates.unfinished(endpoint);
            if (update.isPresent()) {
                step(update.get());
            }
        } catch (RuntimeException e) {
            LOG.error("Firmware update of device [{}] could not advance", endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driving.abandon(endpoint);
            return;
        }
        driving.finished(endpoint);
    }

    private Registration reachable(String endpoint) {
        Registration r = server.getRegistrationService().getByEndpoint(endpoint);
        return r != null && (!r.usesQueueMode() || server.getPresenceService().isClientAwake(r)) ? r : null;
    }

    private void step(FirmwareUpdate update) throws InterruptedException {
        if (overdue(update)) {
            return;
        }
        Registration reg = reachable(update.endpoint());
        if (reg == null) {
            return; // waits for a registration, an update or a wake-up
        }
        try {
            switch (update.status()) {
            case PENDING -> begin(reg, update);
            case DOWNLOADING, DOWNLOADED, UPDATING -> follow(reg, update);
            case VERIFYING -> verify(reg, update);
            default -> {
            }
            }
        } catch (DeviceUnreachable e) {
            LOG.debug("Device [{}] did not answer ({}); its update [{}] waits in {}", update.endpoint(),
                    e.getMessage(), update.id(), update.status());
        }
    }

    // ---- PENDING -> DOWNLOADING

    private void begin(Registration reg, FirmwareUpdate update) throws InterruptedException {
        Firmware firmware = repository.find(update.firmwareId()).orElse(null);
        if (firmware == null) {
            fail(reg, update, "the firmware " + update.firmwareId() + " no longer exists");
            return;
        }
        if (!reg.getSupportedObject().containsKey(5)) {
            fail(reg, update, "the device has no Firmware Update object (/5)");
            return;
        }
        String previous = readVersion(reg);
        LwM2mObjectInstance fw = readFirmwareObject(reg);
        if (fw == null) {
            fail(reg, update, "the device has no Firmware Update instance /5/0");
            return;
        }
        long state = longValue(fw, 3, IDLE);
        if (state != IDLE) {
            LOG.info("Device [{}] is in firmware state {} before update [{}]; resetting it", update.endpoint(), state,
                    update.id());
            resetStateMachine(reg);
        }
        Delivery delivery = chooseDelivery(reg, fw);
        if (delivery == null) {
            fail(reg, update, "the device supports neither pull over CoAPS (/5/0/8, /5/0/9) nor push");
            return;
        }
        Instant now = clock.instant();
        FirmwareUpdate downloading = updates.transition(update.id(), u -> u.status() != FirmwareUpdateStatus.PENDING
                ? u
                : with(u, FirmwareUpdateStatus.DOWNLOADING, delivery, 0, previous, null, null, now,
                        now.plus(settings.downloadTimeout())));
        if (downloading.status() != FirmwareUpdateStatus.DOWNLOADING) {
            return;
        }
        LOG.info("Firmware update [{}] of device [{}] to version [{}] starts by {} (device on [{}])", update.id(),
                update.endpoint(), update.targetVersion(), delivery, previous);
        observeObject5(reg);
        send(reg, downloading, firmware);
    }

    private Delivery chooseDelivery(Registration reg, LwM2mObjectInstance fw) {
        LwM2mResource protocols = fw.getResource(8);
        boolean coaps = protocols == null || protocolSupported(protocols, PROTOCOL_COAPS);
        long method = longValue(fw, 9, DELIVERY_BOTH);
        boolean registeredOverDtls = reg.getLastEndpointUsed() != null
                && "coaps".equals(reg.getLastEndpointUsed().getScheme());
        boolean pull = coaps && registeredOverDtls && (method == DELIVERY_PULL || method == DELIVERY_BOTH);
        boolean push = method == DELIVERY_PUSH || method == DELIVERY_BOTH;
        if (pull && push) {
            return settings.preferred();
        }
        return pull ? Delivery.PULL : push ? Delivery.PUSH : null;
    }

    private static boolean protocolSupported(LwM2mResource protocols, int protocol) {
        if (protocols instanceof LwM2mMultipleResource multi) {
            return multi.getInstances().values().stream().anyMatch(i -> toLong(i.getValue()) == protocol);
        }
        return protocols.getValue() != null && toLong(protocols.getValue()) == protocol;
    }

    /** Sends the package: the Package URI of a (new or still valid) link for pull, the image for push. */
    private void send(Registration reg, FirmwareUpdate update, Firmware firmware) throws InterruptedException {
        sent.add(update.id());
        if (update.delivery() == Delivery.PUSH) {
            push(reg, update, firmware);
            return;
        }
        Instant now = clock.instant();
        FirmwareLink link = links.forUpdate(update.id()).stream().filter(l -> !l.expired(now.plusSeconds(60)))
                .findFirst().orElseGet(() -> links.create(update.endpoint(), update.id(), update.firmwareId(),
                        now.plus(settings.linkTtl())));
        String uri = dmServerUri.get().toString().replaceAll("/+$", "") + "/fw/" + link.token();
        LwM2mResponse response = sendRequest(reg, new WriteRequest(5, 0, 1, uri), requestTimeoutMs);
        if (response.isFailure()) {
            fail(reg, update, "the device refused the Package URI: " + response.getCode() + " "
                    + Objects.toString(response.getErrorMessage(), ""));
            return;
        }
        LOG.info("Device [{}] was given the Package URI of update [{}]", update.endpoint(), update.id());
    }

    private void push(Registration reg, FirmwareUpdate update, Firmware firmware) {
        if (firmware.size() > Integer.MAX_VALUE - 8) {
            fail(reg, update, "the image is too large to push");
            return;
        }
        byte[] image = repository.read(firmware.id(), 0, (int) firmware.size());
        LOG.info("Pushing {} bytes of firmware [{}] to device [{}] (update [{}])", image.length, firmware.id(),
                update.endpoint(), update.id());
        WriteRequest write = new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, image);
        server.send(reg, write, settings.downloadTimeout().toMillis(), response -> {
            if (response.isFailure()) {
                failAsync(update, "the device refused the package written to /5/0/0: " + response.getCode() + " "
                        + Objects.toString(response.getErrorMessage(), ""));
            } else {
                LOG.info("Device [{}] accepted the pushed package of update [{}]", update.endpoint(), update.id());
                updates.transition(update.id(), u -> u.status() == FirmwareUpdateStatus.DOWNLOADING
                        ? with(u, u.status(), u.delivery(), 100, u.previousVersion(), u.lwm2mResult(), null,
                                clock.instant(), u.deadline())
                        : u);
                kick(update.endpoint());
            }
        }, error -> {
            LOG.warn("Pushing the package of update [{}] to device [{}] failed: {}", update.id(), update.endpoint(),
                    error.toString());
            // the device's Update Result (4: connection lost...) or the download deadline decides
            kick(update.endpoint());
        });
    }

    // ---- DOWNLOADING / DOWNLOADED / UPDATING: follow what the device reports

    private void follow(Registration reg, FirmwareUpdate update) throws InterruptedException {
        observeObject5(reg);
        long state = readLong(reg, STATE);
        long result = readLong(reg, RESULT);
        LOG.debug("Device [{}] reports firmware state {} result {} (update [{}] {})", update.endpoint(), state,
                result, update.id(), update.status());
        if (UpdateResults.isFailure(result)) {
            fail(reg, update, UpdateResults.reason(result), (int) result);
            return;
        }
        switch (update.status()) {
        case DOWNLOADING -> {
            if (state == DOWNLOADED) {
                FirmwareUpdate downloaded = move(update, FirmwareUpdateStatus.DOWNLOADED, 100, (int) result,
                        settings.updateTimeout());
                execute(reg, downloaded);
            } else if (state == UPDATING) {
                move(update, FirmwareUpdateStatus.UPDATING, 100, (int) result, settings.updateTimeout());
            } else if (state == IDLE && !sent.contains(update.id())) {
                // the package never reached the device or was lost with a restart: send it (again)
                LOG.info("Device [{}] is idle while update [{}] is DOWNLOADING; sending the package again",
                        update.endpoint(), update.id());
                Firmware firmware = repository.find(update.firmwareId()).orElse(null);
                if (firmware == null) {
                    fail(reg, update, "the firmware " + update.firmwareId() + " no longer exists");
                } else {
                    send(reg, update, firmware);
                }
            }
        }
        case DOWNLOADED -> {
            if (state == DOWNLOADED) {
                execute(reg, update);
            } else if (state == UPDATING) {
                move(update, FirmwareUpdateStatus.UPDATING, 100, (int) result, settings.updateTimeout());
            } else if (state == IDLE) {
                afterUpdate(reg, update, result);
            }
        }
        case UPDATING -> {
            if (state == IDLE) {
                afterUpdate(reg, update, result);
            }
        }
        default -> {
        }
        }
    }

    private void execute(Registration reg, FirmwareUpdate update) throws InterruptedException {
        LwM2mResponse response = sendRequest(reg, new ExecuteRequest(5, 0, 2), requestTimeoutMs);
        if (response.isFailure()) {
            fail(reg, update, "the device refused to execute Update (/5/0/2): " + response.getCode() + " "
                    + Objects.toString(response.getErrorMessage(), ""));
            return;
        }
        executedOnRegistration.put(update.id(), reg.getId());
        move(update, FirmwareUpdateStatus.UPDATING, 100, update.lwm2mResult(), settings.updateTimeout());
        LOG.info("Device [{}] was told to install update [{}]", update.endpoint(), update.id());
    }

    /** State is back to Idle after Update: result 1 (or a lost result) means verify the version the device runs. */
    private void afterUpdate(Registration reg, FirmwareUpdate update, long result) throws InterruptedException {
        FirmwareUpdate verifying = move(update, FirmwareUpdateStatus.VERIFYING, 100, (int) result,
                settings.verifyTimeout());
        verify(reg, verifying);
    }

    // ---- VERIFYING

    private void verify(Registration reg, FirmwareUpdate update) throws InterruptedException {
        String before = executedOnRegistration.get(update.id());
        if (before != null && before.equals(reg.getId())) {
            LOG.debug("Device [{}] has not re-registered since update [{}] was executed; verification waits",
                    update.endpoint(), update.id());
            return;
        }
        String version = readVersion(reg);
        executedOnRegistration.remove(update.id());
        finish(reg);
        links.deleteForUpdate(update.id());
        if (update.targetVersion().equals(version)) {
            Instant now = clock.instant();
            updates.transition(update.id(), u -> u.status() != FirmwareUpdateStatus.VERIFYING ? u
                    : with(u, FirmwareUpdateStatus.SUCCEEDED, u.delivery(), 100, u.previousVersion(),
                            u.lwm2mResult(), null, now, null));
            LOG.info("Firmware update [{}] of device [{}] succeeded: it reports version [{}]", update.id(),
                    update.endpoint(), version);
        } else {
            String reason = "device reports version " + version + " after update, not " + update.targetVersion()
                    + (Objects.equals(version, update.previousVersion()) ? " (rolled back?)" : "");
            markFailed(update, reason, update.lwm2mResult());
        }
    }

    // ---- failure, cancellation, deadlines

    private void fail(Registration reg, FirmwareUpdate update, String reason) {
        fail(reg, update, reason, update.lwm2mResult());
    }

    private void fail(Registration reg, FirmwareUpdate update, String reason, Integer result) {
        markFailed(update, reason, result);
        cleanUp(reg, update);
    }

    private void markFailed(FirmwareUpdate update, String reason, Integer result) {
        Instant now = clock.instant();
        FirmwareUpdate failed = updates.transition(update.id(), u -> u.status().isFinal() ? u
                : with(u, FirmwareUpdateStatus.FAILED, u.delivery(), u.percent(), u.previousVersion(), result,
                        reason, now, null));
        links.deleteForUpdate(update.id());
        executedOnRegistration.remove(update.id());
        sent.remove(update.id());
        if (failed.status() == FirmwareUpdateStatus.FAILED) {
            LOG.warn("Firmware update [{}] of device [{}] failed: {}", update.id(), update.endpoint(),
                    failed.failureReason());
        }
    }

    private void failAsync(FirmwareUpdate update, String reason) {
        markFailed(update, reason, update.lwm2mResult());
        submitCleanUp(update);
    }

    /** Resets the device's object 5 state machine (empty Package URI) and stops observing it; best effort. */
    private void cleanUp(Registration reg, FirmwareUpdate update) {
        links.deleteForUpdate(update.id());
        finish(reg); // first, so that the notifications the reset causes are not for live observations
        try {
            resetStateMachine(reg);
        } catch (RuntimeException e) {
            LOG.debug("Device [{}] could not be reset after update [{}]: {}", update.endpoint(), update.id(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submitCleanUp(FirmwareUpdate update) {
        try {
            executor.execute(() -> {
                Registration reg = reachable(update.endpoint());
                if (reg != null) {
                    cleanUp(reg, update);
                } else {
                    links.deleteForUpdate(update.id());
                }
            });
        } catch (RejectedExecutionException e) {
            links.deleteForUpdate(update.id());
        }
    }

    private void finish(Registration reg) {
        server.getObservationService().cancelObservations(reg, STATE);
        server.getObservationService().cancelObservations(reg, RESULT);
    }

    /** @return true (and fails it) if the update's current step is past its deadline. */
    private boolean overdue(FirmwareUpdate update) {
        if (update.deadline() == null || update.status().isFinal() || clock.instant().isBefore(update.deadline())) {
            return false;
        }
        failAsync(update, "timed out while " + update.status());
        return true;
    }

    private void sweepDeadlines() {
        try {
            Instant now = clock.instant();
            Set<String> unfinished = new HashSet<>();
            for (FirmwareUpdate u : updates.allUnfinished()) {
                unfinished.add(u.id());
                Instant heard = rechecked.getOrDefault(u.id(), u.updatedAt());
                if (u.deadline() != null && !now.isBefore(u.deadline())) {
                    kick(u.endpoint());
                } else if (!now.isBefore(heard.plus(settings.recheckInterval()))
                        && !now.isBefore(u.updatedAt().plus(settings.recheckInterval()))) {
                    // a lost notification must not leave the update waiting for its deadline
                    rechecked.put(u.id(), now);
                    kick(u.endpoint());
                }
            }
            rechecked.keySet().retainAll(unfinished);
        } catch (RuntimeException e) {
            LOG.error("Firmware deadline sweep failed", e);
        }
    }

    private void sweepLinks() {
        try {
            int deleted = links.deleteExpired(clock.instant());
            if (deleted > 0) {
                LOG.info("Deleted {} expired firmware links", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("Firmware link sweep failed", e);
        }
    }

    // ---- device requests

    private void resetStateMachine(Registration reg) throws InterruptedException {
        sendRequest(reg, new WriteRequest(5, 0, 1, ""), requestTimeoutMs);
    }

    private void observeObject5(Registration reg) throws InterruptedException {
        boolean state = false;
        boolean result = false;
        for (Observation o : server.getObservationService().getObservations(reg)) {
            if (o instanceof SingleObservation s) {
                state |= s.getPath().equals(STATE_PATH);
                result |= s.getPath().equals(RESULT_PATH);
            }
        }
        if (!state) {
            sendRequest(reg, new ObserveRequest(STATE), requestTimeoutMs);
        }
        if (!result) {
            sendRequest(reg, new ObserveRequest(RESULT), requestTimeoutMs);
        }
    }

    /** Reads /3/0/3 and records it as the device's reported version; null if the device has none. */
    private String readVersion(Registration reg) throws InterruptedException {
        ReadResponse response = sendRequest(reg, new ReadRequest(3, 0, 3), requestTimeoutMs);
        if (response.isFailure() || !(response.getContent() instanceof LwM2mSingleResource r)
                || r.getValue() == null) {
            return null;
        }
        String version = String.valueOf(r.getValue());
        versions.record(reg.getEndpoint(), version);
        return version;
    }

    private LwM2mObjectInstance readFirmwareObject(Registration reg) throws InterruptedException {
        ReadResponse response = sendRequest(reg, new ReadRequest(5, 0), requestTimeoutMs);
        return response.isSuccess() && response.getContent() instanceof LwM2mObjectInstance i ? i : null;
    }

    private long readLong(Registration reg, String path) throws InterruptedException {
        ReadResponse response = sendRequest(reg, new ReadRequest(path), requestTimeoutMs);
        if (response.isFailure() || !(response.getContent() instanceof LwM2mSingleResource r)) {
            throw new DeviceUnreachable("read " + path + " answered " + response.getCode());
        }
        return toLong(r.getValue());
    }

    private <T extends LwM2mResponse> T sendRequest(Registration reg, DownlinkRequest<T> request, long timeoutMs)
            throws InterruptedException {
        T response;
        try {
            response = server.send(reg, request, timeoutMs);
        } catch (RuntimeException e) {
            throw new DeviceUnreachable(e.getClass().getSimpleName() + " " + e.getMessage());
        }
        if (response == null) {
            throw new DeviceUnreachable("no answer within " + timeoutMs + " ms to " + request);
        }
        return response;
    }

    private static long longValue(LwM2mObjectInstance instance, int resourceId, long absent) {
        LwM2mResource r = instance.getResource(resourceId);
        return r == null || r.isMultiInstances() || r.getValue() == null ? absent : toLong(r.getValue());
    }

    private static long toLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof org.eclipse.leshan.core.util.datatype.ULong u) {
            return u.longValue();
        }
        return Long.parseLong(String.valueOf(value));
    }

    // ---- update records

    private FirmwareUpdate move(FirmwareUpdate update, FirmwareUpdateStatus status, int percent, Integer result,
            Duration timeout) {
        Instant now = clock.instant();
        FirmwareUpdateStatus from = update.status();
        return updates.transition(update.id(), u -> u.status() != from ? u
                : with(u, status, u.delivery(), percent, u.previousVersion(), result, null, now, now.plus(timeout)));
    }

    private static FirmwareUpdate with(FirmwareUpdate u, FirmwareUpdateStatus status, Delivery delivery, int percent,
            String previousVersion, Integer result, String failureReason, Instant now, Instant deadline) {
        return new FirmwareUpdate(u.id(), u.endpoint(), u.firmwareId(), u.targetVersion(), u.campaignId(), delivery,
                status, percent, previousVersion, result, failureReason, u.createdAt(), now, deadline);
    }

    // ---- listeners

    @Override
    public void updateChanged(FirmwareUpdate update) {
        if (update.status() == FirmwareUpdateStatus.PENDING) {
            kick(update.endpoint());
        } else if (update.status() == FirmwareUpdateStatus.CANCELLED) {
            LOG.info("Firmware update [{}] of device [{}] cancelled: {}", update.id(), update.endpoint(),
                    update.failureReason());
            sent.remove(update.id());
            executedOnRegistration.remove(update.id());
            submitCleanUp(update);
        }
    }

    @Override
    public void progressed(FirmwareLink link, int percent) {
        updates.transition(link.updateId(), u -> u.status() == FirmwareUpdateStatus.DOWNLOADING && percent > u.percent()
                ? with(u, u.status(), u.delivery(), percent, u.previousVersion(), u.lwm2mResult(), null,
                        clock.instant(), u.deadline())
                : u);
    }

    @Override
    public void newObservation(Observation observation, Registration registration) {
    }

    @Override
    public void cancelled(Observation observation) {
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        LwM2mPath path = observation.getPath();
        if (path.equals(STATE_PATH) || path.equals(RESULT_PATH)) {
            kick(registration.getEndpoint());
        }
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration,
            ObserveCompositeResponse response) {
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
    }

    /** A request that got no usable answer: the step is retried at the device's next event. */
    private static final class DeviceUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeviceUnreachable(String message) {
            super(message, null, false, false);
        }
    }
}
