// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.util.Optional;

/**
 * Finds the PSK identity of a device, so that the REST API can show which identity a device uses without ever
 * holding its key. {@code DeviceService} offers no such read today; the assembly passes, for example,
 * {@code endpoint -> deviceStore.findCredentials(endpoint).map(PskCredentials::identity)}.
 */
@FunctionalInterface
public interface PskIdentityLookup {

    /** @return the PSK identity of the device with this endpoint, empty if it has no credentials (any more). */
    Optional<String> identityOf(String endpoint);
}
