// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

/**
 * What an operator supplies to create a device; validated by {@link DeviceService#create(NewDevice)}. A device needs
 * DM credentials, bootstrap credentials or both: a device with bootstrap credentials only gets its DM credentials
 * from Motehub's bootstrap server.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name an optional display name (defaults to the endpoint)
 * @param type an optional device type (product or profile name)
 * @param credentials the device's DM credentials, or null when bootstrap credentials are given
 * @param bootstrapCredentials the device's bootstrap credentials, or null
 */
public record NewDevice(String endpoint, String name, String type, CredentialsInput credentials,
        CredentialsInput bootstrapCredentials) {

    /** A device with DM credentials only and no type, as before bootstrap existed. */
    public NewDevice(String endpoint, String name, CredentialsInput credentials) {
        this(endpoint, name, null, credentials, null);
    }

    /**
     * Credentials as supplied by an operator.
     *
     * @param type only {@code PSK} for now
     * @param identity the PSK identity
     * @param key the pre-shared key as hexadecimal text
     */
    public record CredentialsInput(String type, String identity, String key) {

        /** Hides the key, should this record ever be logged. */
        @Override
        public String toString() {
            return "CredentialsInput[type=" + type + ", identity=" + identity + ", key=(hidden)]";
        }
    }
}
