// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.campaign;

import java.net.URI;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.campaign.Campaign;
import org.motehub.model.campaign.CampaignDeviceStatus;
import org.motehub.model.campaign.CampaignService;
import org.motehub.web.api.PageView;
import org.motehub.web.api.QueryParams;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * Firmware campaigns over HTTP: create (a DRAFT answers 201, a started one 202, both with the Location), list, read
 * with totals and exclusions, page through the devices, and start, pause, resume, cancel or roll back. A transition
 * the campaign's state does not allow answers 409.
 */
@Singleton
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;

    /**
     * @throws NullPointerException if {@code campaigns} is null
     */
    @Inject
    public CampaignResource(CampaignService campaigns) {
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
    }

    /** Creates a campaign, and starts it when the body says {@code "start": true}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateCampaignBody body) {
        if (body == null) {
            throw new InvalidInputException("body", "is required: a JSON object with name, firmwareId and target");
        }
        Campaign c = campaigns.create(body.toRequest());
        if (Boolean.TRUE.equals(body.start())) {
            c = campaigns.start(c.id());
            return Response.accepted(CampaignView.of(c, campaigns.exclusions(c.id()))).location(locationOf(c.id()))
                    .build();
        }
        return Response.created(locationOf(c.id())).entity(CampaignView.of(c, campaigns.exclusions(c.id()))).build();
    }

    /** Lists campaigns, oldest first. */
    @GET
    public PageView<CampaignView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        PageRequest page = params.page(limit, cursor);
        params.check();
        return PageView.of(campaigns.list(page), CampaignView::of);
    }

    /** Reads one campaign with its totals, progress and exclusions. */
    @GET
    @Path("{id}")
    public CampaignView get(@PathParam("id") String id) {
        return CampaignView.of(campaigns.get(id), campaigns.exclusions(id));
    }

    /** Pages through the campaign's devices in endpoint order, optionally only those in one status. */
    @GET
    @Path("{id}/devices")
    public PageView<CampaignDeviceView> devices(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        CampaignDeviceStatus s = params.enumValue("status", status, CampaignDeviceStatus.class);
        PageRequest page = params.page(limit, cursor);
        params.check();
        return PageView.of(campaigns.devices(id, s, page), CampaignDeviceView::of);
    }

    /** Starts a DRAFT campaign (SCHEDULED until its start time); 202. */
    @POST
    @Path("{id}/start")
    public Response start(@PathParam("id") String id) {
        Campaign c = campaigns.start(id);
        return Response.accepted(CampaignView.of(c)).location(locationOf(id)).build();
    }

    /** Pauses a RUNNING campaign. */
    @POST
    @Path("{id}/pause")
    public CampaignView pause(@PathParam("id") String id) {
        return CampaignView.of(campaigns.pause(id));
    }

    /** Resumes a PAUSED campaign. */
    @POST
    @Path("{id}/resume")
    public CampaignView resume(@PathParam("id") String id) {
        return CampaignView.of(campaigns.resume(id));
    }

    /** Cancels a campaign that is not finished. */
    @POST
    @Path("{id}/cancel")
    public CampaignView cancel(@PathParam("id") String id) {
        return CampaignView.of(campaigns.cancel(id));
    }

    /** Creates and starts the rollback campaign of a finished one; 202 with the new campaign's Location. */
    @POST
    @Path("{id}/rollback")
    public Response rollback(@PathParam("id") String id) {
        Campaign c = campaigns.rollback(id);
        return Response.accepted(CampaignView.of(c, campaigns.exclusions(c.id()))).location(locationOf(c.id()))
                .build();
    }

    /** @return the path of a campaign, relative to the server root. */
    static URI locationOf(String id) {
        return UriBuilder.fromPath("/api/v1/campaigns/{id}").build(id);
    }
}
