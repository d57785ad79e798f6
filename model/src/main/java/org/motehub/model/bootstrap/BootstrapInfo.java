// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.util.Optional;

/**
 * What an operator sees of a device's bootstrap set-up: identities only, never keys.
 *
 * @param bootstrapIdentity the device's bootstrap PSK identity, or null when it has no bootstrap credentials
 * @param pendingIdentity the DM identity issued at the last bootstrap and not yet used to register, or null
 * @param state its bootstrap history
 */
public record BootstrapInfo(String bootstrapIdentity, String pendingIdentity, BootstrapState state) {

    /** @return the bootstrap identity, empty when the device has no bootstrap credentials. */
    public Optional<String> bootstrap() {
        return Optional.ofNullable(bootstrapIdentity);
    }
}
