// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;

/**
 * A {@link FirmwareRepository} over a map, for model unit tests only, until the RocksDB repository is on main: no
 * signature check and no size limit. Ids are {@code fw-1}, {@code fw-2}...
 */
public final class MapFirmwareRepository implements FirmwareRepository {

    private final Map<String, Firmware> images = new LinkedHashMap<>();
    private final Map<String, byte[]> bytes = new LinkedHashMap<>();
    private final List<FirmwareUsage> usages = new CopyOnWriteArrayList<>();

    /** Stores an image of {@code version} for {@code deviceType} applying on any version; returns it. */
    public synchronized Firmware add(String version, String deviceType, String... fromVersions) {
        return upload(new FirmwareMetadata(version, List.of(deviceType), List.of(fromVersions), null, false, null),
                new ByteArrayInputStream(("image " + version).getBytes()));
    }

    @Override
    public synchronized Firmware upload(FirmwareMetadata metadata, InputStream image) {
        for (String type : metadata.deviceTypes()) {
            if (findVersion(type, metadata.version()).isPresent()) {
                throw new ConflictException("version " + metadata.version() + " exists for " + type);
            }
        }
        try {
            byte[] data = image.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            String id = "fw-" + (images.size() + 1);
            Firmware f = new Firmware(id, metadata.version(), metadata.deviceTypes(), metadata.fromVersions(),
                    metadata.releaseNotes(), metadata.mandatory(), data.length, sha, null, null, null, false, null,
                    Instant.parse("2026-01-01T00:00:00Z"));
            images.put(id, f);
            bytes.put(id, data);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No limit here (not marked as an override so that this compiles before and after the method exists). */
    public long maxImageBytes() {
        return Long.MAX_VALUE;
    }

    @Override
    public synchronized Optional<Firmware> find(String id) {
        return Optional.ofNullable(images.get(id));
    }

    @Override
    public Firmware get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("no firmware " + id));
    }

    @Override
    public synchronized List<Firmware> list() {
        return new ArrayList<>(images.values());
    }

    @Override
    public synchronized Optional<Firmware> findVersion(String deviceType, String version) {
        return images.values().stream()
                .filter(f -> f.version().equals(version) && f.deviceTypes().contains(deviceType)).findFirst();
    }

    @Override
    public synchronized byte[] read(String id, long offset, int length) {
        byte[] data = bytes.get(get(id).id());
        int from = (int) Math.min(offset, data.length);
        return Arrays.copyOfRange(data, from, Math.min(data.length, from + length));
    }

    @Override
    public synchronized Firmware setBlocked(String id, boolean blocked, String reason) {
        Firmware f = get(id);
        Firmware changed = blocked ? f.blocked(reason) : f.unblocked();
        images.put(id, changed);
        return changed;
    }

    @Override
    public void delete(String id) {
        get(id);
        for (FirmwareUsage u : usages) {
            Optional<String> why = u.usedBy(id);
            if (why.isPresent()) {
                throw new ConflictException("firmware " + id + " is used by " + why.get());
            }
        }
        synchronized (this) {
            images.remove(id);
            bytes.remove(id);
        }
    }

    @Override
    public void addUsageCheck(FirmwareUsage usage) {
        usages.add(usage);
    }
}
