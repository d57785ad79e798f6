// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.elements.util.EncryptedPersistentComponentUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the DTLS connections of a stopped CoAP server to a file and loads them into a server that is not started
 * yet, so that after a clean restart devices keep talking without a new handshake. The file holds session secrets:
 * it is encrypted (AES) with a random key kept beside it, readable by the owner only.
 */
public final class ConnectionSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSnapshots.class);
    private static final String FILE = "dtls-connections.bin";
    private static final String KEY_FILE = "dtls-connections.key";

    private final Path dir;

    /**
     * @param dir the folder holding the snapshot and its key (created when needed)
     */
    public ConnectionSnapshots(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Loads saved connections into {@code server}, which must not be started, then deletes the snapshot so that it
     * is never loaded twice.
     *
     * @return the number of connections restored
     */
    public int load(CoapServer server) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil();
        util.addProvider(server);
        int count = 0;
        try (InputStream in = Files.newInputStream(file)) {
            count = Math.max(0, util.loadComponents(in, key()));
            LOG.info("Restored [{}] DTLS connections from [{}]", count, file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("DTLS connection snapshot [{}] could not be read; devices will do a new handshake", file, e);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete DTLS connection snapshot [{}]", file, e);
        }
        return count;
    }

    /**
     * Saves the connections of {@code server}, which must already be stopped.
     *
     * @param maxQuiet connections idle for longer than this are not saved
     */
    public void save(CoapServer server, Duration maxQuiet) {
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil();
        util.addProvider(server);
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                util.saveComponents(out, key(), maxQuiet.toSeconds());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Saved DTLS connections to [{}]", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not save DTLS connections to [{}]; devices will do a new handshake", file, e);
        }
    }

    private SecretKey key() throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            Files.createDirectories(dir);
            byte[] raw = new byte[16];
            new SecureRandom().nextBytes(raw);
            Files.write(keyFile, raw);
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("File system without POSIX permissions; [{}] keeps default permissions", keyFile);
            }
        }
        return new SecretKeySpec(Files.readAllBytes(keyFile), "AES");
    }
}
