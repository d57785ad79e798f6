// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

import org.motehub.demo.FleetFirmware;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FirmwareKeys;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.FirmwareRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes firmware updates tryable in {@code motehub demo}: a demo signing key pair (private key in
 * {@code <data-dir>/demo-firmware/}, public key among the server's trusted keys), demo devices that trust it, and two
 * signed images of the demo device type in the repository (the devices' {@value #BASE_VERSION}, for rollbacks, and
 * {@value #TARGET_VERSION}, to update to). Everything is made once and reused by later runs on the same data folder.
 */
final class DemoFirmware {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFirmware.class);

    /** The device type of every demo device. */
    static final String DEVICE_TYPE = "demo-sensor";
    /** The version demo devices run when they start. */
    static final String BASE_VERSION = "1.0.0";
    /** The version of the image to update the demo fleet to. */
    static final String TARGET_VERSION = "1.1.0";
    /** Key id of the demo key in the trusted keys folder. */
    static final String KEY_ID = "motehub-demo";
    /** Payload bytes of each demo image: small, so that an update takes seconds. */
    static final int PAYLOAD_BYTES = 32 * 1024;

    private final KeyPair keys;

    private DemoFirmware(KeyPair keys) {
        this.keys = keys;
    }

    /**
     * Reads the demo key pair from {@code <dataDir>/demo-firmware/}, generating an Ed25519 pair there on the first
     * run, and makes sure its public key is in {@code trustedKeysDir} as {@value #KEY_ID}{@code .pem}.
     *
     * @throws UncheckedIOException if the files cannot be read or written
     */
    static DemoFirmware prepare(Path dataDir, Path trustedKeysDir) {
        Path dir = dataDir.resolve("demo-firmware");
        Path privateFile = dir.resolve("firmware.key");
        Path publicFile = dir.resolve("firmware.pub");
        try {
            KeyPair keys;
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                keys = new KeyPair(FirmwareKeys.readPublicKey(publicFile), FirmwareKeys.readPrivateKey(privateFile));
            } else {
                keys = FirmwareKeys.generate(FirmwareKeys.Algorithm.ED25519);
                Files.createDirectories(dir);
                writePrivate(privateFile, FirmwareKeys.toPem(keys.getPrivate()));
                Files.writeString(publicFile, FirmwareKeys.toPem(keys.getPublic()), US_ASCII);
                LOG.info("Demo firmware signing key generated in [{}]", dir.toAbsolutePath());
            }
            Path trusted = trustedKeysDir.resolve(KEY_ID + ".pem");
            String pem = FirmwareKeys.toPem(keys.getPublic());
            if (!Files.exists(trusted) || !Files.readString(trusted, US_ASCII).equals(pem)) {
                Files.createDirectories(trustedKeysDir);
                Files.writeString(trusted, pem, US_ASCII);
                LOG.info("Demo firmware key trusted as [{}]", trusted.toAbsolutePath());
            }
            return new DemoFirmware(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo firmware key in " + dir, e);
        }
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Files.writeString(file, pem, US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("cannot restrict the permissions of [{}] on this file system", file);
        }
    }

    /** @return the demo devices' firmware settings: the demo type and version, images signed with the demo key. */
    FleetFirmware fleetFirmware() {
        return FleetFirmware.builder().deviceType(DEVICE_TYPE).initialVersion(BASE_VERSION)
                .trustedKey(keys.getPublic()).build();
    }

    /** @return the demo public key (what the devices and the server trust). */
    PublicKey publicKey() {
        return keys.getPublic();
    }

    /**
     * Uploads the signed demo images of {@value #BASE_VERSION} and {@value #TARGET_VERSION} unless the repository
     * holds them already.
     *
     * @return the image to update to ({@value #TARGET_VERSION})
     */
    Firmware uploadImages(FirmwareRepository repository) {
        Objects.requireNonNull(repository, "repository");
        upload(repository, BASE_VERSION, List.of(), "The version the demo devices start with (for rollbacks).");
        return upload(repository, TARGET_VERSION, List.of(BASE_VERSION), "Demo update: a signed 32 KiB image.");
    }

    private Firmware upload(FirmwareRepository repository, String version, List<String> fromVersions, String notes) {
        return repository.findVersion(DEVICE_TYPE, version).orElseGet(() -> {
            PrivateKey key = keys.getPrivate();
            DemoFirmwareImage image = DemoFirmwareImage.builder().version(version).deviceType(DEVICE_TYPE)
                    .payloadSize(PAYLOAD_BYTES).signingKey(key).build();
            Firmware stored = repository.upload(new FirmwareMetadata(version, List.of(DEVICE_TYPE), fromVersions,
                    notes, false, image.detachedSignature(key)), new ByteArrayInputStream(image.bytes()));
            LOG.info("Demo firmware [{}] version [{}] for [{}] uploaded ({} bytes, signed by [{}])", stored.id(),
                    version, DEVICE_TYPE, stored.size(), stored.signingKeyId());
            return stored;
        });
    }

    /** @return the one line telling an operator how to start a campaign with {@code image}. */
    static String howToTry(URI httpUri, Firmware image) {
        return "Try a firmware update: open " + httpUri + "#firmware, or: curl -s -X POST " + httpUri
                + "api/v1/campaigns -H 'Content-Type: application/json' -d '{\"name\":\"demo " + image.version()
                + "\",\"firmwareId\":\"" + image.id() + "\",\"target\":{\"deviceType\":\"" + DEVICE_TYPE
                + "\"},\"start\":true}'";
    }
}
