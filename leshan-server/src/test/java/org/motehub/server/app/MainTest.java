// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

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
    void options_map_to_settings() {
        ServerOptions o = new ServerOptions();
        CommandLine cl = new CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            ServerOptions options = o;
        });
        cl.parseArgs("--data-dir", "/tmp/x", "--http-port", "9090", "--coaps-port", "-1", "--request-timeout", "3");
        ServerSettings s = o.toSettings();
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.httpPort()).isEqualTo(9090);
        assertThat(s.coapsAddress()).isEmpty();
        assertThat(s.coapAddress()).isPresent();
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
