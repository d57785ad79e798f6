// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.profile;

import java.net.URI;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.PreconditionFailedException;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.ProfileService;
import org.motehub.web.api.PageView;
import org.motehub.web.api.QueryParams;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * Device profiles over HTTP. Each profile answers with its version as a strong {@code ETag}; a {@code PUT} with
 * {@code If-Match} replaces it only if nobody changed it since (412 otherwise). A profile in use cannot be deleted
 * (409). Devices get a profile through {@code PATCH /api/v1/devices/{endpoint}}.
 */
@Singleton
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private final ProfileService profiles;

    /**
     * @throws NullPointerException if {@code profiles} is null
     */
    @Inject
    public ProfileResource(ProfileService profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** Creates a profile; 201 with its Location and ETag. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ProfileBody body) {
        DeviceProfile p = profiles.create(required(body).toInput());
        return Response.created(locationOf(p.name())).tag(etagOf(p)).entity(ProfileView.of(p)).build();
    }

    /** Lists profiles in name order. */
    @GET
    public PageView<ProfileView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        PageRequest page = params.page(limit, cursor);
        params.check();
        return PageView.of(profiles.list(page), ProfileView::of);
    }

    /** Reads one profile with its ETag. */
    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        DeviceProfile p = profiles.get(name);
        return Response.ok(ProfileView.of(p)).tag(etagOf(p)).build();
    }

    /** Replaces a profile's content; with {@code If-Match}, only if its ETag still matches. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context Request request, ProfileBody body) {
        DeviceProfile current = profiles.get(name);
        Long expected = null;
        if (ifMatch != null) {
            EntityTag tag = etagOf(current);
            if (request.evaluatePreconditions(tag) != null) {
                throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the profile's ETag "
                        + tag + "; read it again and retry");
            }
            expected = current.version();
        }
        DeviceProfile p = profiles.replace(name, required(body).toInput(), expected);
        return Response.ok(ProfileView.of(p)).tag(etagOf(p)).build();
    }

    /** Deletes a profile no device uses; 204. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        profiles.delete(name);
        return Response.noContent().build();
    }

    private static ProfileBody required(ProfileBody body) {
        if (body == null) {
            throw new InvalidInputException("body", "is required: a JSON object with name and observe");
        }
        return body;
    }

    /** @return the strong ETag of a profile: its version. */
    static EntityTag etagOf(DeviceProfile p) {
        return new EntityTag(Long.toString(p.version()));
    }

    /** @return the path of a profile, relative to the server root. */
    static URI locationOf(String name) {
        return UriBuilder.fromPath("/api/v1/profiles/{name}").build(name);
    }
}
