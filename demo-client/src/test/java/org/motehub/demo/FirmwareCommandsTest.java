// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FirmwareKeys;

/**
 * The {@code firmware-key} and {@code firmware-image} subcommands and the fleet's firmware options.
 */
class FirmwareCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void firmware_key_then_firmware_image_write_a_signed_image_and_its_detached_signature() throws Exception {
        assertThat(run("firmware-key", "--out", dir.toString(), "--algorithm", "EC_P256")).isZero();
        Path image = dir.resolve("fw.bin");

        int code = run("firmware-image", "--version", "1.1.0", "--device-type", "demo-sensor", "--size", "4096",
                "--key", dir.resolve("firmware.key").toString(), "--out", image.toString());

        assertThat(code).as(err.toString()).isZero();
        PublicKey publicKey = FirmwareKeys.readPublicKey(dir.resolve("firmware.pub"));
        byte[] bytes = Files.readAllBytes(image);
        DemoFirmwareImage parsed = DemoFirmwareImage.parse(bytes);
        parsed.verify(Optional.of(publicKey));
        assertThat(parsed.version()).isEqualTo("1.1.0");
        assertThat(parsed.payloadSize()).isEqualTo(4096);
        byte[] signature = Base64.getDecoder().decode(Files.readString(dir.resolve("fw.bin.sig"),
                StandardCharsets.US_ASCII).trim());
        assertThat(FirmwareKeys.verify(publicKey, bytes, signature)).isTrue();
        assertThat(out.toString()).contains("fw.bin.sig");
    }

    @Test
    void firmware_image_without_a_readable_key_is_an_invalid_option() {
        int code = run("firmware-image", "--version", "1.1.0", "--key", dir.resolve("missing.pem").toString(),
                "--out", dir.resolve("fw.bin").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("missing.pem");
    }

    @Test
    void fail_rate_without_fail_at_is_an_invalid_option() {
        assertThat(run("--psk-key", "0102", "--fail-rate", "0.1")).isEqualTo(2);
        assertThat(err.toString()).contains("--fail-rate needs --fail-at");
    }

    @Test
    void unknown_failure_step_is_an_invalid_option() {
        assertThat(run("--psk-key", "0102", "--fail-at", "explode")).isEqualTo(2);
        assertThat(err.toString()).contains("firmware options");
    }

    @Test
    void help_lists_the_firmware_options_and_subcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--firmware-key", "--fail-at", "--fail-rate", "firmware-image",
                "firmware-key");
    }

    private int run(String... args) {
        return DemoClientMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
