// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.util.Objects;

import org.motehub.model.ConflictException;
import org.motehub.model.device.DeviceService;
import org.motehub.model.objects.DeviceObjectsLookup;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The object tree a registered device exposes, as the LwM2M server describes it. A device that exists but is not
 * registered has no tree: 409.
 */
@Singleton
@Path("/api/v1/devices/{endpoint}/objects")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceObjectsResource {

    private final DeviceService devices;
    private final DeviceObjectsLookup objects;

    /**
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public DeviceObjectsResource(DeviceService devices, DeviceObjectsLookup objects) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.objects = Objects.requireNonNull(objects, "objects");
    }

    /** Reads the object tree of a registered device. */
    @GET
    public ObjectsView objects(@PathParam("endpoint") String endpoint) {
        devices.get(endpoint);
        return objects.objectsOf(endpoint).map(list -> new ObjectsView(endpoint, list))
                .orElseThrow(() -> new ConflictException("device is not registered"));
    }
}
