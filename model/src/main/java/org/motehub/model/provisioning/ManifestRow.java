// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

/**
 * One device of a provisioning manifest, as read: not validated yet, every field possibly null or empty.
 *
 * @param line the 1-based line of the manifest the row starts on
 * @param endpoint the LwM2M endpoint name
 * @param name the display name
 * @param type the device type, empty for none
 * @param bootstrapIdentity the bootstrap PSK identity, empty for the endpoint name
 * @param bootstrapKey the bootstrap key in hexadecimal, empty to have one generated
 */
public record ManifestRow(int line, String endpoint, String name, String type, String bootstrapIdentity,
        String bootstrapKey) {

    /** Hides the key, should a row ever be logged. */
    @Override
    public String toString() {
        return "ManifestRow[line=" + line + ", endpoint=" + endpoint + ", key=(hidden)]";
    }
}
