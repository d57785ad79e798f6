// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.Optional;

/**
 * The firmware version each device last reported (/3/0/3 or /5/0/7). The LwM2M side implements it from what devices
 * report; campaigns use it to exclude devices already on the target or on a version the image does not apply to.
 */
@FunctionalInterface
public interface DeviceFirmwareVersions {

    /** Knows no device's version: every check that needs one is left to the moment the update runs. */
    DeviceFirmwareVersions UNKNOWN = endpoint -> Optional.empty();

    /** @return the version {@code endpoint} last reported, empty if it has not reported one. */
    Optional<String> versionOf(String endpoint);
}
