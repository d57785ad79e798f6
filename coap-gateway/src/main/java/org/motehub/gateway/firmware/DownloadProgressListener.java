// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.firmware;

import org.motehub.model.firmware.FirmwareLink;

/**
 * Hears how far a device has downloaded its image through {@code /fw}: called when the highest block served crosses
 * another step (10 %, 20 %...), not for every block. Runs on the CoAP thread; must return quickly.
 */
@FunctionalInterface
public interface DownloadProgressListener {

    /** The device of {@code link} has fetched the image up to {@code percent} (0..100). */
    void progressed(FirmwareLink link, int percent);
}
