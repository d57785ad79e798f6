// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.bootstrap;

import java.util.List;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.bootstrap.BootstrapProfile;
import org.motehub.model.bootstrap.BootstrapService;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The bootstrap server's configuration: per device type, what it writes into the Server object (short server id,
 * lifetime, queue mode). Type {@code default} applies to devices without a profile of their own.
 */
@Singleton
@Path("/api/v1/bootstrap/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class BootstrapProfileResource {

    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if {@code bootstrap} is null
     */
    @Inject
    public BootstrapProfileResource(BootstrapService bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /**
     * The body of a PUT.
     *
     * @param shortServerId 1 to 65534
     * @param lifetimeSeconds registration lifetime
     * @param queueMode whether devices register in queue mode
     */
    public record ProfileBody(Integer shortServerId, Long lifetimeSeconds, Boolean queueMode) {
    }

    /** Lists the profiles, the default one included. */
    @GET
    public List<BootstrapProfile> list() {
        return bootstrap.profiles();
    }

    /** Reads the profile that applies to a type (the default one when the type has none). */
    @GET
    @Path("{type}")
    public BootstrapProfile get(@PathParam("type") String type) {
        return bootstrap.profile(type);
    }

    /** Adds or replaces the profile of a type; it applies to the next bootstraps. */
    @PUT
    @Path("{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    public BootstrapProfile put(@PathParam("type") String type, ProfileBody body) {
        if (body == null || body.shortServerId() == null || body.lifetimeSeconds() == null) {
            throw new InvalidInputException("body", "must set shortServerId and lifetimeSeconds");
        }
        return bootstrap.putProfile(new BootstrapProfile(type, body.shortServerId(), body.lifetimeSeconds(),
                Boolean.TRUE.equals(body.queueMode())));
    }
}
