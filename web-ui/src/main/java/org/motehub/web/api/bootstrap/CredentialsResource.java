// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.bootstrap;

import java.util.Objects;

import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.bootstrap.Rotation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * Rotation of a device's DM credentials: {@code POST /api/v1/devices/{endpoint}/credentials/rotate} answers 202, the
 * device bootstraps again and gets a fresh key; its current key stays valid until it has registered with the new one.
 * Progress shows in the device's {@code bootstrap.rotation}.
 */
@Singleton
@Path("/api/v1/devices/{endpoint}/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if {@code bootstrap} is null
     */
    @Inject
    public CredentialsResource(BootstrapService bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** Requests new DM credentials for the device; 202 with the device's Location. */
    @POST
    @Path("rotate")
    public Response rotate(@PathParam("endpoint") String endpoint) {
        Rotation rotation = bootstrap.requestRotation(endpoint);
        return Response.accepted(rotation)
                .location(UriBuilder.fromPath("/api/v1/devices/{endpoint}").build(endpoint)).build();
    }
}
