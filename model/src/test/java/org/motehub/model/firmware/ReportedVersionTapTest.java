// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceFirmwareVersions;
import org.motehub.model.telemetry.TelemetryPoint;

class ReportedVersionTapTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;
    private MotehubDb db;
    private RocksDbDeviceFirmwareVersions versions;
    private final List<String> passedOn = new ArrayList<>();
    private ReportedVersionTap tap;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        versions = new RocksDbDeviceFirmwareVersions(db);
        tap = new ReportedVersionTap((endpoint, points) -> points.forEach(p -> passedOn.add(endpoint + p.path())),
                versions);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void recordsTheNewestReportedVersionAndPassesEveryPointOn() {
        tap.ingest("dev-1", List.of(new TelemetryPoint("/3/0/3", T0.plusSeconds(5), "1.2.0"),
                new TelemetryPoint("/3303/0/5700", T0, 21.5), new TelemetryPoint("/3/0/3", T0, "1.1.0")));

        assertThat(versions.versionOf("dev-1")).contains("1.2.0");
        assertThat(versions.versionOf("dev-2")).isEmpty();
        assertThat(passedOn).containsExactly("dev-1/3/0/3", "dev-1/3303/0/5700", "dev-1/3/0/3");
    }

    @Test
    void otherPathsAndOtherValueTypesLeaveTheVersionAlone() {
        versions.record("dev-1", "1.0.0");

        tap.ingest("dev-1", List.of(new TelemetryPoint("/3/0/2", T0, "serial"),
                new TelemetryPoint("/3/0/3", T0, 3L), new TelemetryPoint("/5/0/7", T0, "9.9.9")));

        assertThat(versions.versionOf("dev-1")).contains("1.0.0");
    }

    @Test
    void aLaterReportReplacesTheVersion() {
        tap.ingest("dev-1", List.of(new TelemetryPoint("/3/0/3", T0, "1.0.0")));
        tap.ingest("dev-1", List.of(new TelemetryPoint("/3/0/3", T0.plusSeconds(60), "2.0.0")));

        assertThat(versions.versionOf("dev-1")).contains("2.0.0");
    }
}
