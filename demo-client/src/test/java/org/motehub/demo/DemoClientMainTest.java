// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class DemoClientMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DemoClientMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void help_lists_the_options_and_exits_0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--server", "--devices", "--endpoint-prefix", "--psk-identity-prefix",
                "--psk-key", "--psk-seed", "--lifetime", "--sensor-period", "--queue-mode", "--duration",
                "coaps://127.0.0.1:5684");
    }

    @Test
    void non_hex_key_is_a_usage_error() {
        assertThat(run("--psk-key", "not-hex")).isEqualTo(2);
        assertThat(err.toString()).contains("--psk-key");
    }

    @Test
    void fewer_than_one_device_is_a_usage_error() {
        assertThat(run("--psk-key", "0102", "--devices", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("devices");
    }

    @Test
    void key_and_seed_together_are_a_usage_error() {
        assertThat(run("--psk-key", "0102", "--psk-seed", "0304")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void coaps_without_key_is_a_usage_error() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("--psk-key or --psk-seed");
    }

    @Test
    void other_bad_values_are_usage_errors() {
        assertThat(run("--psk-key", "0102", "--lifetime", "0")).isEqualTo(2);
        assertThat(run("--psk-key", "0102", "--sensor-period", "-1")).isEqualTo(2);
        assertThat(run("--psk-key", "0102", "--duration", "0")).isEqualTo(2);
        assertThat(run("--server", "http://localhost", "--psk-key", "0102")).isEqualTo(2);
        assertThat(run("--server", "coap://localhost", "--psk-key", "0102")).isEqualTo(2);
        assertThat(run("--devices", "many")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
    }
}
