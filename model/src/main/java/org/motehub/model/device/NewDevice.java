// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

/**
 * What an operator supplies to create a device; validated by {@link DeviceService#create(NewDevice)}.
 *
 * @param endpoint the LwM2M endpoint name
 * @param name an optional display name (defaults to the endpoint)
 * @param credentials the device's DM credentials
 */
public record NewDevice(String endpoint, String name, CredentialsInput credentials) {

    /**
     * Credentials as supplied by an operator.
     *
     * @param type only {@code PSK} for now
     * @param identity the PSK identity
     * @param key the pre-shared key as hexadecimal text
     */
    public record CredentialsInput(String type, String identity, String key) {
    }
}
