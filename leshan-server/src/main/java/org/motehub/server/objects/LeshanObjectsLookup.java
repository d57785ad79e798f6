// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.server.model.LwM2mModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.motehub.model.objects.DeviceObjectsLookup;
import org.motehub.model.objects.ObjectInfo;
import org.motehub.model.objects.ResourceInfo;

/**
 * {@link DeviceObjectsLookup} that combines what a device declared at registration (objects, versions, instances)
 * with the names and resources of the object models the server knows (Leshan's bundled models plus any DDF files
 * given with {@code --models}).
 */
public class LeshanObjectsLookup implements DeviceObjectsLookup {

    private final RegistrationStore registrations;
    private final LwM2mModelProvider models;

    /**
     * @throws NullPointerException if an argument is null
     */
    public LeshanObjectsLookup(RegistrationStore registrations, LwM2mModelProvider models) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.models = Objects.requireNonNull(models, "models");
    }

    @Override
    public Optional<List<ObjectInfo>> objectsOf(String endpoint) {
        Registration registration = registrations.getRegistrationByEndpoint(endpoint);
        if (registration == null) {
            return Optional.empty();
        }
        LwM2mModel model = models.getObjectModel(registration);
        Map<Integer, List<Integer>> instances = new TreeMap<>();
        for (Integer objectId : registration.getSupportedObject().keySet()) {
            instances.put(objectId, new ArrayList<>());
        }
        for (LwM2mPath path : registration.getAvailableInstances()) {
            instances.computeIfAbsent(path.getObjectId(), k -> new ArrayList<>()).add(path.getObjectInstanceId());
        }
        List<ObjectInfo> result = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : instances.entrySet()) {
            int id = e.getKey();
            Version version = registration.getSupportedVersion(id);
            ObjectModel om = model.getObjectModel(id);
            List<ResourceInfo> resources = new ArrayList<>();
            if (om != null) {
                for (ResourceModel rm : om.resources.values()) {
                    resources.add(new ResourceInfo(rm.id, rm.name, String.valueOf(rm.type), rm.operations.name(),
                            rm.multiple, rm.mandatory, rm.units == null || rm.units.isEmpty() ? null : rm.units));
                }
            }
            result.add(new ObjectInfo(id, om == null ? null : om.name,
                    version == null ? null : version.toString(), om != null && om.multiple,
                    e.getValue().stream().sorted().toList(), resources));
        }
        return Optional.of(result);
    }
}
