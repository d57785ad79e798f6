// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;

import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file's handling; restoring real DTLS sessions is covered end to end by the server's RestartIT. */
class ConnectionSnapshotsTest {

    @TempDir
    Path dir;

    /** A server with an explicit configuration (never Californium's global standard one, which writes a file). */
    private static CoapServer newServer() {
        CoapConfig.register();
        return new CoapServer(new Configuration());
    }

    @Test
    void loading_without_a_snapshot_restores_nothing() {
        CoapServer server = newServer();
        try {
            assertThat(new ConnectionSnapshots(dir).load(server)).isZero();
        } finally {
            server.destroy();
        }
    }

    @Test
    void saving_writes_an_owner_only_key_and_a_snapshot_that_is_loaded_once() throws Exception {
        ConnectionSnapshots snapshots = new ConnectionSnapshots(dir);
        CoapServer server = newServer();
        try {
            snapshots.save(server, Duration.ofHours(1));
            assertThat(dir.resolve("dtls-connections.bin")).exists();
            assertThat(Files.getPosixFilePermissions(dir.resolve("dtls-connections.key")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            snapshots.load(server);
            assertThat(dir.resolve("dtls-connections.bin")).doesNotExist();
        } finally {
            server.destroy();
        }
    }

    @Test
    void a_corrupt_snapshot_is_skipped_and_removed() throws Exception {
        Files.write(dir.resolve("dtls-connections.bin"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        CoapServer server = newServer();
        try {
            assertThat(new ConnectionSnapshots(dir).load(server)).isZero();
            assertThat(dir.resolve("dtls-connections.bin")).doesNotExist();
        } finally {
            server.destroy();
        }
    }
}
