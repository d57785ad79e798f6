// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A device that is not ours: libcoap's {@code coap-client-openssl} (OpenSSL's DTLS, as on Linux gateways) sends a
 * spec-compliant LwM2M Register over DTLS-PSK. Skipped where libcoap is not installed, except in CI, which installs
 * Debian's {@code libcoap3-bin}.
 */
class LibCoapInteropIT {

    private static final Path CLIENT = Path.of("/usr/bin/coap-client-openssl");

    @TempDir
    Path dir;
    MotehubTestServer motehub;

    @BeforeEach
    void start() {
        boolean present = Files.isExecutable(CLIENT);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(CLIENT + " is missing: .ci/run must install libcoap3-bin");
        }
        Assumptions.assumeTrue(present, CLIENT + " not installed (apt-get install libcoap3-bin)");
        motehub = new MotehubTestServer(dir);
    }

    @AfterEach
    void stop() {
        if (motehub != null) {
            motehub.close();
        }
    }

    /** Runs a Register as libcoap would for a real device; libcoap takes the key as text, so keys here are ASCII. */
    private int register(String endpoint, String identity, String asciiKey) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "-m", "post", "-u", identity, "-k",
                asciiKey, "-t", "40", "-e", "</1/0>,</3/0>", "-B", "4",
                motehub.coapsUri() + "/rd?ep=" + endpoint + "&lt=120&lwm2m=1.1&b=U"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private void create(String endpoint, String identity, String asciiKey) throws Exception {
        String hex = HexFormat.of().formatHex(asciiKey.getBytes(US_ASCII));
        assertThat(motehub.post("/api/v1/devices", "{\"endpoint\":\"" + endpoint + "\",\"credentials\":"
                + "{\"type\":\"PSK\",\"identity\":\"" + identity + "\",\"key\":\"" + hex + "\"}}").status())
                .isEqualTo(201);
    }

    @Test
    void libcoap_openssl_client_registers_with_its_psk() throws Exception {
        create("libcoap-1", "libcoap-id-1", "0123456789abcdef");
        register("libcoap-1", "libcoap-id-1", "0123456789abcdef");

        JsonNode device = motehub.get("/api/v1/devices/libcoap-1").json();
        assertThat(device.get("online").asBoolean()).isTrue();
        assertThat(device.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(device.at("/registration/objectLinks").asText()).isEqualTo("</1/0>,</3/0>");
        assertThat(device.at("/registration/lifetimeSeconds").asLong()).isEqualTo(120);
    }

    @Test
    void libcoap_client_with_the_wrong_key_is_refused() throws Exception {
        create("libcoap-2", "libcoap-id-2", "0123456789abcdef");
        register("libcoap-2", "libcoap-id-2", "fedcba9876543210");

        assertThat(motehub.get("/api/v1/devices/libcoap-2").json().get("online").asBoolean()).isFalse();
    }

    @Test
    void libcoap_client_claiming_another_devices_endpoint_is_refused() throws Exception {
        create("libcoap-3", "libcoap-id-3", "0123456789abcdef");
        create("libcoap-4", "libcoap-id-4", "abcdef0123456789");
        register("libcoap-4", "libcoap-id-3", "0123456789abcdef");

        assertThat(motehub.get("/api/v1/devices/libcoap-4").json().get("online").asBoolean()).isFalse();
        assertThat(motehub.get("/api/v1/devices/libcoap-3").json().get("online").asBoolean()).isFalse();
    }
}
