// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

/**
 * Hears firmware updates change (created, progressed, finished): the update driver starts new ones, campaigns count
 * outcomes, the event stream shows them. Callbacks run on the changing thread and must return quickly.
 */
public interface FirmwareUpdateListener {

    /** {@code update} was stored in its new state. */
    void updateChanged(FirmwareUpdate update);
}
