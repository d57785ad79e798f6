// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import org.motehub.model.device.NewDevice;

/**
 * The body of {@code POST /api/v1/devices}; the service validates its content.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name an optional display name
 * @param type an optional device type
 * @param credentials the device's DM credentials; optional when bootstrap credentials are given
 * @param bootstrapCredentials the device's bootstrap credentials, optional
 */
public record CreateDeviceBody(String endpoint, String name, String type, CredentialsBody credentials,
        CredentialsBody bootstrapCredentials) {

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

        NewDevice.CredentialsInput toInput() {
            return new NewDevice.CredentialsInput(type, identity, key);
        }
    }

    /** @return the service's request for this body. */
    public NewDevice toNewDevice() {
        return new NewDevice(endpoint, name, type, credentials == null ? null : credentials.toInput(),
                bootstrapCredentials == null ? null : bootstrapCredentials.toInput());
    }
}
