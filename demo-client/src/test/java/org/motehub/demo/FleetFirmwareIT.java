// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FailureMode;
import org.motehub.demo.firmware.FailureRate;
import org.motehub.demo.firmware.FirmwareKeys;

/**
 * Firmware updates of a whole {@link DemoFleet}: each device pulls with its own DM key from a real DTLS server,
 * exactly {@code floor(N*R)} devices fail on purpose, and an updated device reports its new version in /3/0/3 after
 * its reboot.
 */
@Timeout(120)
class FleetFirmwareIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DEVICES = 10;

    @Test
    void fleet_with_20_percent_integrity_failures_has_exactly_2_failed_devices_and_updates_the_others()
            throws Exception {
        KeyPair signer = FirmwareKeys.generate(FirmwareKeys.Algorithm.EC_P256);
        DemoFirmwareImage image = DemoFirmwareImage.builder().version("2.0.0").payloadSize(32 * 1024)
                .signingKey(signer.getPrivate()).build();
        try (TestLwM2mServer lwm2m = TestLwM2mServer.start(); TestFirmwareServer images = new TestFirmwareServer();
                DemoFleet fleet = DemoFleet.builder().serverUri(lwm2m.coapsUri()).devices(DEVICES)
                        .endpointPrefix("fleet-fw-").pskSeed("fleet-fw-seed".getBytes(StandardCharsets.US_ASCII))
                        .firmware(FleetFirmware.builder().trustedKey(signer.getPublic())
                                .failAt(FailureMode.INTEGRITY).failRate(FailureRate.parse("0.2"))
                                .updateDelay(Duration.ofMillis(100)).build())
                        .build()) {
            lwm2m.addPsks(fleet);
            for (String endpoint : fleet.endpoints()) {
                images.addPsk(fleet.pskIdentity(endpoint).orElseThrow(), fleet.pskKey(endpoint).orElseThrow());
            }
            images.put("v2", image.bytes());
            fleet.start();
            assertThat(fleet.awaitRegistered(WAIT)).isTrue();

            for (String endpoint : fleet.endpoints()) {
                assertThat(lwm2m.send(endpoint, new WriteRequest(5, 0, 1, images.coapsUri("v2"))).getCode())
                        .isEqualTo(ResponseCode.CHANGED);
            }

            List<String> downloaded = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                downloaded.clear();
                failed.clear();
                for (String endpoint : fleet.endpoints()) {
                    LwM2mObjectInstance fw = (LwM2mObjectInstance) lwm2m.send(endpoint, new ReadRequest(5, 0))
                            .getContent();
                    long state = (Long) fw.getResource(3).getValue();
                    long result = (Long) fw.getResource(5).getValue();
                    if (state == 2) {
                        downloaded.add(endpoint);
                    } else if (state == 0 && result == 5) {
                        failed.add(endpoint);
                    }
                }
                return downloaded.size() + failed.size() == DEVICES;
            });
            // device i (0-based) fails iff floor((i+1)*0.2) > floor(i*0.2): indices 4 and 9
            assertThat(failed).containsExactly("fleet-fw-0005", "fleet-fw-0010");

            String updated = downloaded.get(0);
            Registration before = lwm2m.registration(updated).orElseThrow();
            assertThat(lwm2m.send(updated, new ExecuteRequest(5, 0, 2)).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(lwm2m.awaitDeregistration(updated, WAIT)).isTrue();
            await().atMost(WAIT).until(() -> lwm2m.registration(updated).map(r -> !r.getId().equals(before.getId()))
                    .orElse(false));
            assertThat(((LwM2mResource) lwm2m.send(updated, new ReadRequest(3, 0, 3)).getContent()).getValue())
                    .isEqualTo("2.0.0");
            assertThat(((LwM2mResource) lwm2m.send(downloaded.get(1), new ReadRequest(3, 0, 3)).getContent())
                    .getValue()).isEqualTo("1.0.0");
        }
    }
}
