// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.util.Locale;

/**
 * Where a simulated device fails a firmware update on purpose, so that tests and demos see every outcome a server
 * must handle.
 */
public enum FailureMode {
    /** The update works. */
    NONE,
    /** The download breaks off after about half the package: Update Result 4 (connection lost), State Idle. */
    DOWNLOAD,
    /** The package arrives but fails its integrity check: Update Result 5, State Idle. */
    INTEGRITY,
    /** Applying the package fails: State Updating, then Downloaded with Update Result 8; the version is unchanged. */
    UPDATE,
    /**
     * The device reports success (Update Result 1) and reboots, but its bootloader rolled back: it still runs the old
     * version, which only a check of /3/0/3 after re-registration reveals.
     */
    ROLLBACK;

    /**
     * Parses a command line value.
     *
     * @param value {@code none}, {@code download}, {@code integrity}, {@code update} or {@code rollback}, any case
     * @return the mode
     * @throws IllegalArgumentException if the value is none of these
     */
    public static FailureMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
