// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import org.motehub.bench.device.FirmwareStats;
import org.motehub.bench.device.SimulatedDevice;
import org.motehub.bench.report.Figure;
import org.motehub.bench.server.MotehubRestClient;
import org.motehub.bench.server.MotehubTarget;
import org.motehub.bench.server.ServerCpu;
import org.motehub.bench.stats.StatisticsLog;
import org.motehub.bench.stats.Summary;
import org.motehub.bench.stats.TimeSeries;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FirmwareKeys;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 4: M registered devices update their firmware at once, as an operator does it: a signed image is
 * uploaded through the REST API (its public key put in the server's trusted-keys folder first), then one campaign of
 * one wave over those M devices with as many in flight. Every device pulls the image block by block over its own
 * PSK from {@code /fw}, checks it, flashes it and registers again; the campaign ends when Motehub has verified each
 * device's new version. Reported: total time, the download rate of the whole fleet, per-device download time,
 * server CPU and heap, and failures or stalls (a device that did not finish). Vanilla Leshan has no firmware
 * distribution (no package store, no download resource, no object 5 driver): not applicable there.
 */
final class FirmwarePull {

    static final String TITLE = "firmware pull";
    private static final String VERSION = "2.0.0";

    private FirmwarePull() {
    }

    static void run(RunContext c, Path dataDir) throws InterruptedException {
        if (c.rest().isEmpty()) {
            c.report.add(Figure.notApplicable(TITLE, "devices updated ok (failed)",
                    "Leshan has no firmware distribution (package store, download resource, object 5 driver)"));
            return;
        }
        MotehubRestClient rest = c.rest().get();
        List<SimulatedDevice> devices = c.fleet.devices().stream().filter(SimulatedDevice::isRegistered)
                .limit(c.plan.firmwareDevices()).toList();
        try {
            KeyPair key = FirmwareKeys.generate(FirmwareKeys.Algorithm.ED25519);
            Path keys = Files.createDirectories(dataDir.resolve("firmware-keys"));
            Files.writeString(keys.resolve("bench.pem"), FirmwareKeys.toPem(key.getPublic()));
            DemoFirmwareImage image = DemoFirmwareImage.builder().version(VERSION)
                    .deviceType(MotehubTarget.DEVICE_TYPE)
                    .payloadSize(c.plan.firmwareImageBytes() - headerAndTrailer(key)).signingKey(key.getPrivate())
                    .build();
            String firmwareId = rest.uploadFirmware(image.bytes(), VERSION, MotehubTarget.DEVICE_TYPE,
                    image.detachedSignature(key.getPrivate()));
            measure(c, rest, firmwareId, devices, image.size());
        } catch (IOException | RuntimeException e) {
            StatisticsLog.LOG.info("[{}] {}: could not run: {}", c.label, TITLE, e.toString());
            c.report.add(Figure.notApplicable(TITLE, "devices updated ok (failed)", "failed to run: " + e));
        }
    }

    /** @return the bytes the demo image format adds around the payload, so the whole image has the planned size */
    private static int headerAndTrailer(KeyPair key) {
        return DemoFirmwareImage.builder().version(VERSION).deviceType(MotehubTarget.DEVICE_TYPE).payloadSize(1)
                .signingKey(key.getPrivate()).build().size() - 1;
    }

    private static void measure(RunContext c, MotehubRestClient rest, String firmwareId,
            List<SimulatedDevice> devices, int imageBytes) throws IOException, InterruptedException {
        FirmwareStats stats = c.fleet.firmware();
        ServerCpu cpu0 = c.server.cpu();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String campaignId = rest.startCampaign("bench firmware pull",
                firmwareId, devices.stream().map(SimulatedDevice::endpoint).toList());
        Duration deadline = Duration.ofSeconds(120).plusMillis(devices.size() * 200L);
        JsonNode campaign = rest.campaign(campaignId);
        Progress progress = Progress.start(c, TITLE, stats.downloads());
        try {
            while (!finished(campaign) && System.nanoTime() - t0 < deadline.toNanos()) {
                Thread.sleep(500);
                campaign = rest.campaign(campaignId);
            }
        } finally {
            progress.close();
        }
        long elapsed = System.nanoTime() - t0;
        ServerCpu cpu = c.server.cpu().since(cpu0);
        long heap = c.server.heapAfterGc();
        JsonNode totals = campaign.path("totals");
        int succeeded = totals.path("succeeded").asInt();
        int failed = totals.path("failed").asInt();
        int unfinished = devices.size() - succeeded - failed - totals.path("skipped").asInt()
                - totals.path("cancelled").asInt();
        long onVersion = devices.stream().filter(d -> VERSION.equals(d.firmwareVersion())).count();
        Summary downloads = Summary.of(stats.downloads().all(), Duration.ofNanos(elapsed));

        c.report.add(Figure.of(TITLE, "devices updated ok (failed)", Double.NaN, succeeded + " (" + failed + ")"));
        c.report.add(Figure.of(TITLE, "devices running the new version", onVersion));
        c.report.add(Figure.of(TITLE, "stalled (unfinished at the end)", unfinished));
        c.report.add(Figure.of(TITLE, "image (KiB)", imageBytes / 1024.0));
        c.report.add(Figure.of(TITLE, "campaign start to all verified (s)", elapsed / 1e9));
        double span = stats.spanNanos() / 1e9;
        c.report.add(Figure.of(TITLE, "download rate, whole fleet (MiB/s)",
                span > 0 ? stats.bytes() / 1048576.0 / span : Double.NaN));
        c.report.add(Figure.of(TITLE, "download time median (s)", downloads.medianMillis() / 1000));
        c.report.add(Figure.of(TITLE, "download time p99 (s)", downloads.p99Millis() / 1000));
        c.report.add(Figure.of(TITLE, "server CPU per device (ms)",
                cpu.processNanos() / 1e6 / Math.max(1, devices.size())));
        c.report.add(Figure.of(TITLE, "server CPU per MiB sent (ms)",
                stats.bytes() > 0 ? cpu.processNanos() / 1e6 / (stats.bytes() / 1048576.0) : Double.NaN));
        c.report.add(Figure.of(TITLE, "server heap after GC (MiB)", heap / 1048576.0));
        c.report.series(TITLE, TimeSeries.of(stats.downloads().all(), wall0, wall0 + elapsed / 1_000_000));
        StatisticsLog.LOG.info("[{}] {}: {} devices, {} KiB image: campaign {} after {} s, {} succeeded, {} failed, "
                + "{} unfinished, {} on {}; download median {} s, p99 {} s; server CPU {} ms per device (by thread: {})",
                c.label, TITLE, devices.size(), imageBytes / 1024, campaign.path("state").asText(),
                Figure.format(elapsed / 1e9), succeeded, failed, unfinished, onVersion, VERSION,
                Figure.format(downloads.medianMillis() / 1000), Figure.format(downloads.p99Millis() / 1000),
                Figure.format(cpu.processNanos() / 1e6 / Math.max(1, devices.size())),
                cpu.perOperation(Math.max(1, devices.size())));
    }

    private static boolean finished(JsonNode campaign) {
        String state = campaign.path("state").asText();
        return state.equals("COMPLETED") || state.equals("ABORTED") || state.equals("CANCELLED");
    }
}
