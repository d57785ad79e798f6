// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.device;

import java.net.URI;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceQuery;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.registration.RegistrationLookup;
import org.motehub.web.api.PageView;
import org.motehub.web.api.QueryParams;
import org.motehub.web.api.profile.DeviceProfiles;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The device registry over HTTP: create a device with its credentials, list and read devices, rename, suspend or
 * activate them, and decommission them. Validation and lifecycle rules are the {@link DeviceService}'s.
 */
@Singleton
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final PskIdentityLookup identities;
    private final RegistrationLookup registrations;
    private final DeviceProfiles profiles;
    private final BootstrapService bootstrap;
    private final DeviceFirmware firmware;

    /**
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public DeviceResource(DeviceService devices, PskIdentityLookup identities, RegistrationLookup registrations,
            DeviceProfiles profiles, BootstrapService bootstrap, DeviceFirmware firmware) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
    }

    /** Creates a device in PROVISIONING; 201 with its Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateDeviceBody body) {
        if (body == null) {
            throw new InvalidInputException("body",
                    "is required: a JSON object with endpoint and credentials and/or bootstrapCredentials");
        }
        Device device = devices.create(body.toNewDevice());
        return Response.created(locationOf(device.endpoint())).entity(view(device)).build();
    }

    /** Lists devices in endpoint order, optionally filtered by state and presence. */
    @GET
    public PageView<DeviceView> list(@QueryParam("state") String state, @QueryParam("online") String online,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        DeviceState s = params.enumValue("state", state, DeviceState.class);
        Boolean o = params.booleanValue("online", online);
        PageRequest page = params.page(limit, cursor);
        params.check();
        return PageView.of(devices.list(new DeviceQuery(s, o, page)), this::view);
    }

    /** Reads one device. */
    @GET
    @Path("{endpoint}")
    public DeviceView get(@PathParam("endpoint") String endpoint) {
        return view(devices.get(endpoint));
    }

    /** Renames a device, moves it to another lifecycle state and/or gives it a profile (JSON null: none). */
    @PATCH
    @Path("{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeviceView patch(@PathParam("endpoint") String endpoint, PatchDeviceBody body) {
        if (body == null || body.name() == null && body.state() == null && body.profile() == null) {
            throw new InvalidInputException("body", "must set name, state, profile or several of them");
        }
        Device device = devices.get(endpoint);
        String profile = body.profile() == null ? null : profiles.checked(body.profile());
        if (body.name() != null || body.state() != null) {
            device = devices.patch(endpoint, body.name(), body.state());
        }
        if (body.profile() != null) {
            device = profiles.assign(endpoint, profile);
        }
        return view(device);
    }

    /** Decommissions a device and erases its credentials; the record stays. Idempotent. */
    @DELETE
    @Path("{endpoint}")
    public Response decommission(@PathParam("endpoint") String endpoint) {
        devices.decommission(endpoint);
        return Response.noContent().build();
    }

    private DeviceView view(Device device) {
        return DeviceView.of(device, identities.identityOf(device.endpoint()), bootstrap.info(device.endpoint()),
                registrations.find(device.endpoint()), profiles.telemetryOf(device.endpoint()), firmware.of(device));
    }

    /** @return the path of a device, relative to the server root. */
    static URI locationOf(String endpoint) {
        return UriBuilder.fromPath("/api/v1/devices/{endpoint}").build(endpoint);
    }
}
