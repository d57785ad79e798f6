// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.motehub.model.firmware.FirmwareUpdate.Delivery;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.RetentionPolicy;
import org.motehub.server.firmware.FirmwareDeliverySettings;

import picocli.CommandLine;

/** The command line refuses bad settings with a usage error naming them, before anything starts. */
class MainTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void out_of_range_port_is_a_usage_error_naming_it() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--http-port", "99999")).isEqualTo(2);
        assertThat(err.toString()).contains("httpPort must be 0 to 65535");
    }

    @Test
    void same_port_for_coap_and_coaps_is_refused() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--coap-port", "7000", "--coaps-port", "7000")).isEqualTo(2);
        assertThat(err.toString()).contains("must differ");
    }

    @Test
    void demo_refuses_a_fleet_of_zero() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "demo", "--devices", "0", "--http-port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--devices");
    }

    @Test
    void missing_command_is_a_usage_error() {
        assertThat(run(new StringWriter())).isEqualTo(2);
    }

    @Test
    void retention_options_map_to_the_policy_and_bad_ones_are_usage_errors_naming_them() {
        ServerOptions o = new ServerOptions();
        CommandLine cl = new CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            ServerOptions options = o;
        });
        cl.parseArgs("--retention-raw", "3d", "--retention-1h", "P400D", "--retention-1d", "5000d");
        RetentionPolicy policy = o.toSettings().retention();
        assertThat(policy.keep(Resolution.RAW)).contains(Duration.ofDays(3));
        assertThat(policy.keep(Resolution.MINUTE)).contains(Duration.ofDays(30));
        assertThat(policy.keep(Resolution.HOUR)).contains(Duration.ofDays(400));
        assertThat(policy.keep(Resolution.DAY)).contains(Duration.ofDays(5000));

        StringWriter malformed = new StringWriter();
        assertThat(run(malformed, "serve", "--retention-raw", "3x")).isEqualTo(2);
        assertThat(malformed.toString()).contains("--retention-raw").contains("3x");
        StringWriter tooShort = new StringWriter();
        assertThat(run(tooShort, "serve", "--retention-1m", "2d")).isEqualTo(2);
        assertThat(tooShort.toString()).contains("--retention-1m");
    }

    @Test
    void options_map_to_settings() {
        ServerOptions o = new ServerOptions();
        CommandLine cl = new CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            ServerOptions options = o;
        });
        cl.parseArgs("--data-dir", "/tmp/x", "--http-port", "9090", "--coaps-port", "-1", "--request-timeout", "3",
                "--bs-coaps-port", "-1", "--bs-coap-port", "5999", "--dm-key-bytes", "32");
        ServerSettings s = o.toSettings();
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.httpPort()).isEqualTo(9090);
        assertThat(s.coapsAddress()).isEmpty();
        assertThat(s.coapAddress()).isPresent();
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.bootstrapCoapsAddress()).isEmpty();
        assertThat(s.bootstrapCoapAddress().orElseThrow().getPort()).isEqualTo(5999);
        assertThat(s.dmKeyBytes()).isEqualTo(32);
    }

    @Test
    void firmware_options_map_to_settings_with_defaults_under_the_data_dir() {
        ServerOptions o = new ServerOptions();
        CommandLine cl = new CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            ServerOptions options = o;
        });
        cl.parseArgs("--data-dir", "/tmp/x");
        ServerSettings defaults = o.toSettings();
        assertThat(defaults.firmwareKeysDir()).isEqualTo(Path.of("/tmp/x/firmware-keys"));
        assertThat(defaults.firmwareSigning()).isEqualTo(SigningMode.REQUIRED);
        assertThat(defaults.firmwareMaxBytes()).isEqualTo(16L << 20);

        cl.parseArgs("--firmware-keys", "/etc/motehub/keys", "--firmware-signing", "OFF", "--firmware-max-bytes",
                "1048576");
        ServerSettings s = o.toSettings();
        assertThat(s.firmwareKeysDir()).isEqualTo(Path.of("/etc/motehub/keys"));
        assertThat(s.firmwareSigning()).isEqualTo(SigningMode.OFF);
        assertThat(s.firmwareMaxBytes()).isEqualTo(1 << 20);

        StringWriter badMode = new StringWriter();
        assertThat(run(badMode, "serve", "--firmware-signing", "sometimes")).isEqualTo(2);
        assertThat(badMode.toString()).contains("--firmware-signing");
        StringWriter tooBig = new StringWriter();
        assertThat(run(tooBig, "serve", "--firmware-max-bytes", "0")).isEqualTo(2);
        assertThat(tooBig.toString()).contains("firmwareMaxBytes");
    }

    @Test
    void firmware_delivery_options_map_to_settings_and_bad_ones_are_usage_errors_naming_them() {
        ServerOptions o = new ServerOptions();
        CommandLine cl = new CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            ServerOptions options = o;
        });
        cl.parseArgs();
        FirmwareDeliverySettings defaults = o.toSettings().firmwareDelivery();
        assertThat(defaults).isEqualTo(FirmwareDeliverySettings.defaults());
        assertThat(defaults.downloadTimeout()).isEqualTo(Duration.ofMinutes(30));

        cl.parseArgs("--firmware-download-timeout", "90", "--firmware-update-timeout", "5",
                "--firmware-verify-timeout", "7", "--firmware-delivery", "PUSH",
                "--firmware-recheck-interval", "5");
        FirmwareDeliverySettings s = o.toSettings().firmwareDelivery();
        assertThat(s.downloadTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.linkTtl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.updateTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.verifyTimeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(s.preferred()).isEqualTo(Delivery.PUSH);
        assertThat(s.recheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.recheckInterval()).isEqualTo(Duration.ofSeconds(30));

        StringWriter badDelivery = new StringWriter();
        assertThat(run(badDelivery, "serve", "--firmware-delivery", "carrier-pigeon")).isEqualTo(2);
        assertThat(badDelivery.toString()).contains("--firmware-delivery");
        StringWriter badTimeout = new StringWriter();
        assertThat(run(badTimeout, "serve", "--firmware-update-timeout", "0")).isEqualTo(2);
        assertThat(badTimeout.toString()).contains("--firmware-update-timeout");
        StringWriter badRecheck = new StringWriter();
        assertThat(run(badRecheck, "serve", "--firmware-recheck-interval", "0")).isEqualTo(2);
        assertThat(badRecheck.toString()).contains("--firmware-recheck-interval");
    }

    @Test
    void bootstrap_without_a_dm_coaps_endpoint_or_public_uri_is_a_usage_error_naming_it() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--coaps-port", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("publicCoapsUri");
        assertThat(run(new StringWriter(), "serve", "--dm-key-bytes", "8")).isEqualTo(2);
    }
}
