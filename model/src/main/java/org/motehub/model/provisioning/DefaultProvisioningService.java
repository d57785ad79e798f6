// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.GoneException;
import org.motehub.model.Ids;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceRecord;
import org.motehub.model.device.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProvisioningService} on a {@link DeviceStore} and a {@link ProvisioningStore}. Validation runs in the
 * caller's thread, so bad manifests are answered at once; the batch then runs on one background thread
 * ({@code motehub-provisioning}), generates the missing keys with {@link SecureRandom} and writes every device with
 * {@link DeviceStore#insertAll(List)}. A batch found running at start-up was cut off by a stop before its single
 * write, so it is marked failed.
 */
public class DefaultProvisioningService implements ProvisioningService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultProvisioningService.class);
    /** Most problems one answer lists; the detail gives the total. */
    static final int MAX_ERRORS = 10_000;
    private static final int PROGRESS_STEP = 1_000;

    private final DeviceStore devices;
    private final ProvisioningStore store;
    private final Clock clock;
    private final Ids ids;
    private final int keyBytes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ProvisioningBatch> running = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "motehub-provisioning");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param keyBytes length of the bootstrap keys generated for rows without one
     * @throws NullPointerException if an argument is null
     */
    public DefaultProvisioningService(DeviceStore devices, ProvisioningStore store, Clock clock, int keyBytes) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new Ids(clock);
        this.keyBytes = keyBytes;
        for (ProvisioningBatch b : store.list()) {
            if (b.state() == ProvisioningBatch.State.RUNNING) {
                store.put(b.failed(clock.instant(), "the server stopped before the batch was written; "
                        + "no device of it was created"));
                LOG.warn("Provisioning batch [{}] was cut off by a stop; marked failed", b.id());
            }
        }
    }

    @Override
    public ProvisioningBatch submit(byte[] manifest, ManifestFormat format) {
        long start = System.nanoTime();
        List<ManifestRow> rows = ManifestReader.read(manifest, format);
        if (rows.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("body", "has no device rows", 1)));
        }
        ManifestValidator.Result result = ManifestValidator.validate(rows, devices, MAX_ERRORS);
        if (result.total() > 0) {
            String detail = result.total() + " problem" + (result.total() == 1 ? "" : "s") + " in the manifest"
                    + (result.total() > MAX_ERRORS ? " (the first " + MAX_ERRORS + " are listed)" : "")
                    + "; nothing was created";
            if (result.conflictsOnly()) {
                throw new ConflictException(detail, result.errors());
            }
            throw new InvalidInputException(detail, result.errors());
        }
        int generated = (int) rows.stream().filter(r -> r.bootstrapKey().isEmpty()).count();
        ProvisioningBatch batch = new ProvisioningBatch(ids.next(), ProvisioningBatch.State.RUNNING, rows.size(), 0, 0,
                generated, ProvisioningBatch.Secrets.NOT_READY, clock.instant(), null, null);
        store.put(batch);
        running.put(batch.id(), batch);
        LOG.info("Provisioning batch [{}]: {} devices validated in {} ms, {} keys to generate", batch.id(),
                rows.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), generated);
        try {
            executor.execute(() -> run(batch, rows));
        } catch (RejectedExecutionException e) {
            running.remove(batch.id());
            store.put(batch.failed(clock.instant(), "the server is stopping"));
            throw new IllegalStateException("provisioning is stopped", e);
        }
        return batch;
    }

    private void run(ProvisioningBatch batch, List<ManifestRow> rows) {
        long start = System.nanoTime();
        try {
            List<DeviceRecord> records = new ArrayList<>(rows.size());
            StringBuilder secrets = new StringBuilder("endpoint,bootstrapIdentity,bootstrapKey\n");
            for (ManifestRow row : rows) {
                records.add(record(row, secrets));
                if (records.size() % PROGRESS_STEP == 0) {
                    running.put(batch.id(), batch.withPrepared(records.size()));
                }
            }
            running.put(batch.id(), batch.withPrepared(records.size()));
            try {
                devices.insertAll(records);
            } catch (ConflictException e) {
                finish(batch.failed(clock.instant(), "a device created meanwhile clashes with the manifest: "
                        + describe(e, rows) + "; nothing was created"));
                return;
            }
            ProvisioningBatch done = batch.succeeded(clock.instant());
            if (batch.generatedKeys() > 0) {
                store.putWithSecrets(done, secrets.toString().getBytes(UTF_8));
            } else {
                store.put(done);
            }
            running.remove(batch.id());
            LOG.info("Provisioning batch [{}]: {} devices created in {} ms", batch.id(), rows.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (RuntimeException e) {
            LOG.error("Provisioning batch [{}] failed", batch.id(), e);
            finish(batch.failed(clock.instant(), "the server failed to write the batch; nothing was created"));
        }
    }

    private DeviceRecord record(ManifestRow row, StringBuilder secrets) {
        String identity = ManifestValidator.identityOf(row);
        byte[] key;
        if (row.bootstrapKey().isEmpty()) {
            key = new byte[keyBytes];
            random.nextBytes(key);
            secrets.append(csv(row.endpoint())).append(',').append(csv(identity)).append(',')
                    .append(HexFormat.of().formatHex(key)).append('\n');
        } else {
            key = HexFormat.of().parseHex(row.bootstrapKey());
        }
        Device device = Device.provisioning(row.endpoint(), row.name(), row.type().isEmpty() ? null : row.type(),
                clock.instant());
        return new DeviceRecord(device, null, new PskCredentials(row.endpoint(), identity, key));
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String describe(ConflictException e, List<ManifestRow> rows) {
        List<String> parts = new ArrayList<>();
        for (FieldError f : e.errors().subList(0, Math.min(5, e.errors().size()))) {
            String field = f.field();
            int close = field.indexOf(']');
            int index = close > 1 ? Integer.parseInt(field.substring(1, close)) : -1;
            parts.add(index >= 0 ? "line " + rows.get(index).line() + " " + field.substring(close + 2) : field);
        }
        return String.join(", ", parts);
    }

    private void finish(ProvisioningBatch failed) {
        store.put(failed);
        running.remove(failed.id());
        LOG.warn("Provisioning batch [{}] failed: {}", failed.id(), failed.error());
    }

    @Override
    public ProvisioningBatch get(String id) {
        ProvisioningBatch live = running.get(id);
        if (live != null) {
            return live;
        }
        return store.find(id).orElseThrow(() -> new NotFoundException("no provisioning batch " + id));
    }

    @Override
    public String takeSecrets(String id) {
        ProvisioningBatch batch = get(id);
        switch (batch.secrets()) {
        case NONE:
            if (batch.state() == ProvisioningBatch.State.FAILED) {
                throw new ConflictException("batch " + id + " failed; it created no device and has no keys");
            }
            throw new NotFoundException("batch " + id + " generated no key: the manifest gave every key");
        case NOT_READY:
            throw new ConflictException("batch " + id + " is still running; fetch its keys when it has succeeded");
        case DELIVERED:
            throw new GoneException("the keys of batch " + id + " were already handed out and are gone");
        default:
            byte[] csv = store.takeSecrets(id, batch.secretsDelivered()).orElseThrow(
                    () -> new GoneException("the keys of batch " + id + " were already handed out and are gone"));
            LOG.info("Provisioning batch [{}]: {} generated keys handed out and erased", id, batch.generatedKeys());
            return new String(csv, UTF_8);
        }
    }

    /** Stops the background thread; a batch still running is cut off and found failed at the next start. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
