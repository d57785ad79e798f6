// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.registration;

import java.util.Optional;

/** Finds the current registration of a device; implemented by the LwM2M server. */
public interface RegistrationLookup {

    /** @return the live registration of the device with this endpoint, if it has one. */
    Optional<RegistrationInfo> find(String endpoint);
}
