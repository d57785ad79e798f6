// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.request.exception.InvalidResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbTelemetryStatusStore;

/**
 * Rejections counted on the device that sent them, with a reason that says what was wrong; the network side of the
 * collector is covered by {@code TelemetryIT}.
 */
class TelemetryCollectorTest {

    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");

    @TempDir
    Path dir;

    private MotehubDb db;
    private TelemetryStatusRecorder status;
    private IngestQueue queue;
    private final List<String> ingested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        status = new TelemetryStatusRecorder(new RocksDbTelemetryStatusStore(db), Clock.fixed(NOW, ZoneOffset.UTC));
        queue = new IngestQueue((endpoint, points) -> ingested.add(endpoint), 1, 10);
    }

    @AfterEach
    void stop() {
        queue.stop();
        db.close();
    }

    @Test
    void concurrent_rejections_are_all_counted_per_device() throws Exception {
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    status.rejected("dev-1", "broken");
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        status.rejected("dev-2", "wrong type");

        DeviceTelemetryStatus one = status.get("dev-1");
        assertThat(one.rejectedPayloads()).isEqualTo(400);
        assertThat(one.lastRejectedAt()).isEqualTo(NOW);
        assertThat(status.get("dev-2").rejectedPayloads()).isEqualTo(1);
        assertThat(status.get("dev-3")).isEqualTo(DeviceTelemetryStatus.empty("dev-3"));
    }

    @Test
    void the_reason_names_the_causes_without_repeating_them() {
        Exception e = new InvalidResponseException(new CodecException("Unable to decode SenML CBOR: bad major type"),
                "Unable to decode notification payload of observation [x]");

        assertThat(TelemetryCollector.reasonOf(e)).isEqualTo("Unable to decode notification payload of observation "
                + "[x]: Unable to decode SenML CBOR: bad major type");
        assertThat(TelemetryCollector.reasonOf(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(TelemetryCollector.reasonOf(new IllegalStateException("x".repeat(400)))).hasSize(303);
    }

    @Test
    void queued_points_are_stored_before_stop_returns() {
        for (int i = 0; i < 100; i++) {
            queue.submit("dev-" + i, List.of(new org.motehub.model.telemetry.TelemetryPoint("/3/0/9", NOW, 1L)));
        }
        queue.submit("empty", List.of());

        queue.stop();

        assertThat(ingested).hasSize(100).doesNotContain("empty");
    }
}
