// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.objects;

import java.util.List;
import java.util.Optional;

/**
 * Describes the object tree a registered device exposes, using the object models the server knows; implemented by
 * the LwM2M server.
 */
public interface DeviceObjectsLookup {

    /** @return the objects of the device's current registration, empty if it is not registered. */
    Optional<List<ObjectInfo>> objectsOf(String endpoint);
}
