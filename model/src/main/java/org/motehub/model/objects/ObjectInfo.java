// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.objects;

import java.util.List;

/**
 * One LwM2M object a device exposes, described with names from the object model.
 *
 * @param id the object id (for example 3)
 * @param name the object name from the model (for example {@code Device}), or {@code null} if the model is unknown
 * @param version the object version the device declared
 * @param multiple whether the object may have several instances
 * @param instances the instance ids the device declared
 * @param resources the resources the model defines for this object (empty when the model is unknown)
 */
public record ObjectInfo(int id, String name, String version, boolean multiple, List<Integer> instances,
        List<ResourceInfo> resources) {

    public ObjectInfo {
        instances = List.copyOf(instances);
        resources = List.copyOf(resources);
    }
}
