// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DemoClientMain#run(String...)} against a real in-process Leshan server.
 */
@Timeout(60)
class DemoClientMainIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestLwM2mServer server;

    @BeforeEach
    void startServer() {
        server = TestLwM2mServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void run_with_duration_registers_then_deregisters_and_returns_0() throws InterruptedException {
        byte[] seed = HexFormat.of().parseHex("00112233445566778899");
        for (String endpoint : new String[] { "cli-0005", "cli-0006" }) {
            server.addPsk(endpoint, "id-" + endpoint.substring(4), PskKeys.derive(seed, endpoint));
        }

        int exitCode = DemoClientMain.run("--no-bootstrap", "--server", server.coapsUri().toString(), "--devices",
                "2",
                "--start-index", "5", "--endpoint-prefix", "cli-", "--psk-identity-prefix", "id-", "--psk-seed",
                "00112233445566778899", "--sensor-period", "0.2", "--duration", "1");

        assertThat(exitCode).isZero();
        assertThat(server.awaitRegistration("cli-0005", WAIT)).isTrue();
        assertThat(server.awaitDeregistration("cli-0005", WAIT)).isTrue();
        assertThat(server.awaitDeregistration("cli-0006", WAIT)).isTrue();
    }

    @Test
    void run_returns_1_when_devices_cannot_register_in_time() {
        // no PSK provisioned: the server refuses the handshake
        int exitCode = DemoClientMain.run("--server", server.coapsUri().toString(), "--devices", "1",
                "--psk-key", "0102030405", "--duration", "1");

        assertThat(exitCode).isEqualTo(1);
    }
}
