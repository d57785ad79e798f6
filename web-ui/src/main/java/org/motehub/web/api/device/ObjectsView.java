// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.util.List;

import org.motehub.model.objects.ObjectInfo;

/**
 * The JSON shape of a device's object tree.
 *
 * @param endpoint the device
 * @param objects the objects of its current registration, described from the object models
 */
public record ObjectsView(String endpoint, List<ObjectInfo> objects) {
}
