// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The factory line end to end: {@code motehub provision} sends a manifest to a running server, writes the generated
 * keys to a file, and a device flashed with one of them bootstraps and registers.
 */
class ProvisionCommandIT {

    @TempDir
    Path dir;
    MotehubTestServer motehub;

    @BeforeEach
    void start() {
        motehub = new MotehubTestServer(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        motehub.close();
    }

    private int provision(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void provisioned_device_flashed_with_its_generated_key_bootstraps_and_registers() throws Exception {
        Path manifest = Files.writeString(dir.resolve("line-7.csv"),
                "endpoint,name,type\ncli-1,Meter 1,meter\ncli-2,Meter 2,meter\ncli-3,Meter 3,meter\n");
        Path secrets = dir.resolve("keys.csv");
        StringWriter err = new StringWriter();

        int code = provision(err, "provision", manifest.toString(), "--server", "http://127.0.0.1:"
                + motehub.server().httpUri().getPort(), "--secrets-out", secrets.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("3/3 prepared, 3 created").contains("3 devices created");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(secrets);
        assertThat(lines).hasSize(4);
        String[] cli2 = lines.stream().filter(l -> l.startsWith("cli-2,")).findFirst().orElseThrow().split(",");
        try (TestDevice d = TestDevice.bootstrapping(motehub.bootstrapUri(), "cli-2", cli2[1],
                HexFormat.of().parseHex(cli2[2])).start()) {
            assertThat(d.awaitRegistered(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void refused_manifest_prints_every_bad_row_and_creates_nothing() throws Exception {
        Path manifest = Files.writeString(dir.resolve("bad.csv"),
                "endpoint,name,bootstrapKey\nok-1,Fine,\nbad 2,Name,\nok-3,,0011\n");
        StringWriter err = new StringWriter();

        int code = provision(err, "provision", manifest.toString(), "--server", "http://127.0.0.1:"
                + motehub.server().httpUri().getPort(), "--secrets-out", dir.resolve("k.csv").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("line 3, endpoint").contains("line 4, name")
                .contains("line 4, bootstrapKey");
        assertThat(motehub.server().devices().count()).isZero();
        assertThat(dir.resolve("k.csv")).doesNotExist();
    }
}
