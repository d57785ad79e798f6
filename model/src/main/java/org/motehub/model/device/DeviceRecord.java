// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.credentials.PskCredentials;

/**
 * A device with the credentials it is created with, written to a {@link DeviceStore} in one atomic step.
 *
 * @param device the device
 * @param credentials its DM credentials, or null when it will get them from the bootstrap server
 * @param bootstrapCredentials its bootstrap credentials, or null when it has none
 */
public record DeviceRecord(Device device, PskCredentials credentials, PskCredentials bootstrapCredentials) {

    /**
     * @throws NullPointerException if {@code device} is null
     * @throws IllegalArgumentException if both credentials are null or belong to another endpoint
     */
    public DeviceRecord {
        Objects.requireNonNull(device, "device");
        if (credentials == null && bootstrapCredentials == null) {
            throw new IllegalArgumentException("a device needs DM credentials, bootstrap credentials or both");
        }
        for (PskCredentials c : new PskCredentials[] { credentials, bootstrapCredentials }) {
            if (c != null && !c.endpoint().equals(device.endpoint())) {
                throw new IllegalArgumentException("credentials belong to another endpoint");
            }
        }
    }

    /** @return the DM credentials, empty when the device gets them by bootstrap. */
    public Optional<PskCredentials> dm() {
        return Optional.ofNullable(credentials);
    }

    /** @return the bootstrap credentials, if any. */
    public Optional<PskCredentials> bootstrap() {
        return Optional.ofNullable(bootstrapCredentials);
    }
}
