// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;
import java.util.Objects;

import org.motehub.model.telemetry.TelemetryIngest;
import org.motehub.model.telemetry.TelemetryPoint;

/**
 * Passes telemetry on and records the Firmware Version ({@code /3/0/3}) a device reports in it, so that a device
 * whose profile observes that resource (or that sends it) shows its version before any update has read it.
 */
public final class ReportedVersionTap implements TelemetryIngest {

    /** LwM2M Device object, Firmware Version resource. */
    public static final String FIRMWARE_VERSION_PATH = "/3/0/3";

    private final TelemetryIngest next;
    private final DeviceFirmwareVersionStore versions;

    /** @throws NullPointerException if an argument is null */
    public ReportedVersionTap(TelemetryIngest next, DeviceFirmwareVersionStore versions) {
        this.next = Objects.requireNonNull(next, "next");
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    @Override
    public void ingest(String endpoint, List<TelemetryPoint> points) {
        next.ingest(endpoint, points);
        TelemetryPoint latest = null;
        for (TelemetryPoint p : points) {
            if (p.path().equals(FIRMWARE_VERSION_PATH) && p.value() instanceof String
                    && (latest == null || !p.time().isBefore(latest.time()))) {
                latest = p;
            }
        }
        if (latest != null) {
            String version = (String) latest.value();
            if (!versions.versionOf(endpoint).filter(version::equals).isPresent()) {
                versions.record(endpoint, version);
            }
        }
    }
}
