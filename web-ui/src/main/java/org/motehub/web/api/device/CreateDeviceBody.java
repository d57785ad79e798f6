// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import org.motehub.model.device.NewDevice;

/**
 * The body of {@code POST /api/v1/devices}; the service validates its content.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name an optional display name
 * @param credentials the device's DM credentials
 */
public record CreateDeviceBody(String endpoint, String name, CredentialsBody credentials) {

    /**
     * Credentials as posted.
     *
     * @param type {@code PSK}
     * @param identity the PSK identity
     * @param key the key as hexadecimal text
     */
    public record CredentialsBody(String type, String identity, String key) {

        /** Hides the key, should this record ever be logged. */
        @Override
        public String toString() {
            return "CredentialsBody[type=" + type + ", identity=" + identity + ", key=(hidden)]";
        }
    }

    /** @return the service's request for this body. */
    public NewDevice toNewDevice() {
        NewDevice.CredentialsInput c = credentials == null ? null
                : new NewDevice.CredentialsInput(credentials.type(), credentials.identity(), credentials.key());
        return new NewDevice(endpoint, name, c);
    }
}
