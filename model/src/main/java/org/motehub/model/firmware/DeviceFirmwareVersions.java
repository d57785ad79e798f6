// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.Optional;

/**
 * The firmware version each device last reported in {@code /3/0/3}, recorded whenever Motehub reads it (at the
 * start and the verification of an update). It is what the device said, not what Motehub sent.
 */
public interface DeviceFirmwareVersions {

    /** @return the version the device last reported, if it ever did. */
    Optional<String> find(String endpoint);

    /** Records {@code version} as what the device reports now. */
    void record(String endpoint, String version);
}
