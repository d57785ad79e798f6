// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

/**
 * The write side of {@link DeviceFirmwareVersions}: the update driver records what a device reports in
 * {@code /3/0/3} whenever it reads it (at the start of an update and when verifying it). It is what the device said,
 * not what Motehub sent.
 */
public interface DeviceFirmwareVersionStore extends DeviceFirmwareVersions {

    /** Records {@code version} as what {@code endpoint} reports now. */
    void record(String endpoint, String version);
}
