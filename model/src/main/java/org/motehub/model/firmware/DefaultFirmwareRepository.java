// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.Ids;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware repository on a {@link FirmwareStore}. An upload is read in chunks of {@value #READ_CHUNK_BYTES}
 * bytes while its sha256 is computed, and stops as soon as it passes the maximum size, so at most the maximum plus
 * one chunk is ever held; only then is the signature verified and everything written in one atomic store write.
 * Reads for delivery are served from an LRU cache of whole images, so a fleet pulling the same image block by block
 * reads the store once.
 */
public class DefaultFirmwareRepository implements FirmwareRepository {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultFirmwareRepository.class);

    /** Default maximum image size: 16 MiB. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 16L << 20;
    /** Largest maximum image size that may be configured: 256 MiB (an upload is held in memory until stored). */
    public static final long MAX_IMAGE_BYTES_LIMIT = 256L << 20;
    /** Default size of the image cache: 64 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** Size of the pieces an upload is read in. */
    public static final int READ_CHUNK_BYTES = 64 * 1024;

    private final FirmwareStore store;
    private final SignatureVerifier verifier;
    private final long maxImageBytes;
    private final ImageCache cache;
    private final Clock clock;
    private final Ids ids;
    private final Object lock = new Object();
    private final List<FirmwareUsage> usages = new CopyOnWriteArrayList<>();

    /**
     * @param maxImageBytes the longest image accepted, 1 to {@link #MAX_IMAGE_BYTES_LIMIT}
     * @param cacheBytes the most image bytes kept in memory for delivery (0 disables the cache)
     * @throws IllegalArgumentException if a size is out of range
     * @throws NullPointerException if an argument is null
     */
    public DefaultFirmwareRepository(FirmwareStore store, SignatureVerifier verifier, long maxImageBytes,
            long cacheBytes, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxImageBytes < 1 || maxImageBytes > MAX_IMAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maximum image size must be 1 to " + MAX_IMAGE_BYTES_LIMIT + " bytes");
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cache size must not be negative");
        }
        this.maxImageBytes = maxImageBytes;
        this.cache = new ImageCache(cacheBytes);
        this.ids = new Ids(clock);
    }

    /** A repository with the default maximum image size and cache. */
    public DefaultFirmwareRepository(FirmwareStore store, SignatureVerifier verifier, Clock clock) {
        this(store, verifier, DEFAULT_MAX_IMAGE_BYTES, DEFAULT_CACHE_BYTES, clock);
    }

    @Override
    public long maxImageBytes() {
        return maxImageBytes;
    }

    /** @return the signature verifier (its mode and trusted keys). */
    public SignatureVerifier verifier() {
        return verifier;
    }

    @Override
    public Firmware upload(FirmwareMetadata metadata, InputStream image) {
        if (metadata == null) {
            throw new InvalidInputException("metadata", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        FirmwareRules.check(metadata, errors);
        verifier.precheck(metadata.signature(), errors);
        if (image == null) {
            errors.add(new FieldError("image", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        checkNoDuplicate(metadata);
        Image read = read(image);
        Optional<SignatureVerifier.Verified> signer = verifier.verify(metadata.signature(), read.chunks());
        Firmware firmware = new Firmware(ids.next(), metadata.version(), metadata.deviceTypes(),
                metadata.fromVersions(), metadata.releaseNotes(), metadata.mandatory(), read.size(), read.sha256(),
                signer.map(SignatureVerifier.Verified::algorithm).orElse(null),
                signer.isPresent() ? metadata.signature().strip() : null,
                signer.map(SignatureVerifier.Verified::keyId).orElse(null), false, null, clock.instant());
        synchronized (lock) {
            checkNoDuplicate(metadata);
            store.insert(firmware, read.chunks());
        }
        LOG.info("Firmware [{}] version [{}] for {} uploaded: {} bytes, sha256 {}, {}", firmware.id(),
                firmware.version(), firmware.deviceTypes(), firmware.size(), firmware.sha256(),
                signer.map(s -> "signed by key [" + s.keyId() + "] (" + s.algorithm() + ")").orElse("unsigned"));
        return firmware;
    }

    private record Image(List<byte[]> chunks, long size, String sha256) {
    }

    private Image read(InputStream in) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        List<byte[]> chunks = new ArrayList<>();
        long size = 0;
        try {
            while (true) {
                byte[] buffer = new byte[READ_CHUNK_BYTES];
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    break;
                }
                size += n;
                if (size > maxImageBytes) {
                    throw new FirmwareTooLargeException(maxImageBytes);
                }
                byte[] chunk = n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
                sha256.update(chunk);
                chunks.add(chunk);
                if (n < buffer.length) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("image", "could not be read to its end: " + e.getMessage());
        }
        if (size == 0) {
            throw new InvalidInputException("image", "is empty");
        }
        return new Image(chunks, size, HexFormat.of().formatHex(sha256.digest()));
    }

    private void checkNoDuplicate(FirmwareMetadata metadata) {
        List<Firmware> all = store.list();
        List<FieldError> clashes = new ArrayList<>();
        for (String type : metadata.deviceTypes()) {
            all.stream().filter(f -> f.version().equals(metadata.version()) && f.deviceTypes().contains(type))
                    .findFirst().ifPresent(f -> clashes.add(new FieldError("version", "version "
                            + metadata.version() + " already exists for device type " + type + " (firmware "
                            + f.id() + ")")));
        }
        if (!clashes.isEmpty()) {
            throw new ConflictException("version " + metadata.version() + " already exists for "
                    + (clashes.size() == 1 ? "one of its device types" : clashes.size() + " of its device types"),
                    clashes);
        }
    }

    @Override
    public Optional<Firmware> find(String id) {
        return store.find(id);
    }

    @Override
    public Firmware get(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no firmware with id " + id));
    }

    @Override
    public List<Firmware> list() {
        return store.list();
    }

    @Override
    public Optional<Firmware> findVersion(String deviceType, String version) {
        return store.list().stream().filter(f -> f.version().equals(version) && f.deviceTypes().contains(deviceType))
                .findFirst();
    }

    @Override
    public byte[] read(String id, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        byte[] image = cache.peek(id);
        if (image == null) {
            Firmware firmware = get(id);
            if (firmware.size() > cache.maxBytes()) {
                return store.read(id, offset, length);
            }
            image = cache.get(id, i -> store.read(i, 0, (int) firmware.size()));
        }
        if (offset >= image.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(image, (int) offset, (int) Math.min(image.length, offset + length));
    }

    @Override
    public Firmware setBlocked(String id, boolean blocked, String reason) {
        List<FieldError> errors = new ArrayList<>();
        FirmwareRules.checkBlock(blocked, reason, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Firmware changed;
        synchronized (lock) {
            Firmware current = get(id);
            changed = blocked ? current.blocked(reason.strip()) : current.unblocked();
            store.update(changed);
        }
        if (blocked) {
            LOG.info("Firmware [{}] version [{}] blocked: {}", id, changed.version(), changed.blockedReason());
        } else {
            LOG.info("Firmware [{}] version [{}] unblocked", id, changed.version());
        }
        return changed;
    }

    @Override
    public void delete(String id) {
        synchronized (lock) {
            Firmware firmware = get(id);
            List<String> users = new ArrayList<>();
            for (FirmwareUsage usage : usages) {
                usage.usedBy(id).ifPresent(users::add);
            }
            if (!users.isEmpty()) {
                throw new ConflictException("firmware " + id + " is still used: " + String.join("; ", users),
                        List.of(new FieldError("id", "is used by " + String.join("; ", users))));
            }
            store.delete(id);
            cache.invalidate(id);
            LOG.info("Firmware [{}] version [{}] deleted ({} bytes)", id, firmware.version(), firmware.size());
        }
    }

    @Override
    public void addUsageCheck(FirmwareUsage usage) {
        usages.add(Objects.requireNonNull(usage, "usage"));
    }

    /** @return how many times a whole image was loaded from the store into the cache (for tests and metrics). */
    public long cacheLoads() {
        return cache.loads();
    }
}
