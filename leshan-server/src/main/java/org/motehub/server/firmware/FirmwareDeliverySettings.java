// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.firmware;

import java.time.Duration;
import java.util.Objects;

import org.motehub.model.firmware.FirmwareUpdate.Delivery;

/**
 * How firmware reaches devices: the deadline of each object 5 step, how long a pull link stays valid, the block
 * size of {@code /fw} and how often a device that has gone quiet is asked again. A step that passes its deadline
 * fails the update with "timed out while STEP".
 *
 * @param downloadTimeout from the Package URI (or the first /5/0/0 block) to state Downloaded; also the push write's
 *        request timeout
 * @param updateTimeout from executing Update (/5/0/2) to the device reporting its result
 * @param verifyTimeout from the result to the device re-registering and reporting its new version
 * @param linkTtl how long a pull link is valid; longer than {@code downloadTimeout}, so that a slow download that is
 *        still within its deadline is never refused
 * @param blockSize the Block2 size served by {@code /fw}, a power of two from 16 to 1024
 * @param sweepInterval how often deadlines are checked
 * @param preferred the delivery used for a device that declares both (/5/0/9 = 2): PULL, unless an operator whose
 *        devices cannot reach the server's /fw resource chooses PUSH
 * @param recheckInterval how long an unfinished update may go without news (a change, a notification) before the
 *        driver reads the device's state again: notifications travel over UDP and may be lost (or be dropped by a
 *        device whose DTLS session the server re-established after a crash), and an update must not then wait for
 *        its deadline
 */
public record FirmwareDeliverySettings(Duration downloadTimeout, Duration updateTimeout, Duration verifyTimeout,
        Duration linkTtl, int blockSize, Duration sweepInterval, Delivery preferred, Duration recheckInterval) {

    public FirmwareDeliverySettings {
        positive("downloadTimeout", downloadTimeout);
        positive("updateTimeout", updateTimeout);
        positive("verifyTimeout", verifyTimeout);
        positive("linkTtl", linkTtl);
        positive("sweepInterval", sweepInterval);
        Objects.requireNonNull(preferred, "preferred");
        positive("recheckInterval", recheckInterval);
        if (linkTtl.compareTo(downloadTimeout) < 0) {
            throw new IllegalStateException("linkTtl (" + linkTtl + ") must not be shorter than downloadTimeout ("
                    + downloadTimeout + ")");
        }
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalStateException("blockSize must be a power of two from 16 to 1024, not " + blockSize);
        }
    }

    /**
     * @return download 30 min, update 10 min, verify 10 min, links valid 1 h, blocks of 1024 bytes, sweep 1 s, pull
     *         preferred, a quiet device asked again after 30 s
     */
    public static FirmwareDeliverySettings defaults() {
        return new FirmwareDeliverySettings(Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofHours(1), 1024, Duration.ofSeconds(1), Delivery.PULL, Duration.ofSeconds(30));
    }

    /** @return these settings with other step deadlines (tests use short ones). */
    public FirmwareDeliverySettings withTimeouts(Duration download, Duration update, Duration verify) {
        return new FirmwareDeliverySettings(download, update, verify, linkTtl.compareTo(download) < 0 ? download
                : linkTtl, blockSize, sweepInterval, preferred, recheckInterval);
    }

    /** @return these settings preferring {@code delivery} for devices that support both. */
    public FirmwareDeliverySettings preferring(Delivery delivery) {
        return new FirmwareDeliverySettings(downloadTimeout, updateTimeout, verifyTimeout, linkTtl, blockSize,
                sweepInterval, delivery, recheckInterval);
    }

    /** @return these settings asking a quiet device again after {@code interval} (tests use short ones). */
    public FirmwareDeliverySettings withRecheckInterval(Duration interval) {
        return new FirmwareDeliverySettings(downloadTimeout, updateTimeout, verifyTimeout, linkTtl, blockSize,
                sweepInterval, preferred, interval);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalStateException(name + " must be positive, not " + d);
        }
    }
}
