// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

/** How a device's last bootstrap attempt went. */
public enum BootstrapResult {
    /** The session was accepted and is running. */
    IN_PROGRESS,
    /** The device acknowledged Bootstrap-Finish: it has its DM credentials. */
    SUCCEEDED,
    /** The handshake or the session failed; the reason says why. */
    FAILED
}
