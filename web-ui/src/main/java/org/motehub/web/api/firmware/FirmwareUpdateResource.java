// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.net.URI;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.firmware.FirmwareUpdate;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.web.api.PageView;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * One device's firmware updates over HTTP. Starting one records a PENDING update that the LwM2M server's update
 * driver executes over object 5 when the device is reachable; its progress is read back here.
 */
@Singleton
@Path("/api/v1/devices/{endpoint}/firmware-updates")
@Produces(MediaType.APPLICATION_JSON)
public class FirmwareUpdateResource {

    private final FirmwareUpdateService updates;

    /**
     * @throws NullPointerException if {@code updates} is null
     */
    @Inject
    public FirmwareUpdateResource(FirmwareUpdateService updates) {
        this.updates = Objects.requireNonNull(updates, "updates");
    }

    /** Starts an update of the device to an image: 202 with the update's Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("endpoint") String endpoint, StartFirmwareUpdateBody body) {
        if (body == null || body.firmwareId() == null || body.firmwareId().isBlank()) {
            throw new InvalidInputException("firmwareId", "is required: the id of an image in the repository");
        }
        FirmwareUpdate update = updates.start(endpoint, body.firmwareId(), null);
        return Response.accepted(FirmwareUpdateView.of(update)).location(locationOf(update)).build();
    }

    /** Lists the device's updates, newest first. */
    @GET
    public PageView<FirmwareUpdateView> list(@PathParam("endpoint") String endpoint) {
        return new PageView<>(updates.forDevice(endpoint).stream().map(FirmwareUpdateView::of).toList(), null);
    }

    /** Reads one update of the device. */
    @GET
    @Path("{id}")
    public FirmwareUpdateView get(@PathParam("endpoint") String endpoint, @PathParam("id") String id) {
        return FirmwareUpdateView.of(find(endpoint, id));
    }

    /** Cancels an unfinished update; a finished one is answered as it is. */
    @POST
    @Path("{id}/cancel")
    public FirmwareUpdateView cancel(@PathParam("endpoint") String endpoint, @PathParam("id") String id,
            CancelFirmwareUpdateBody body) {
        find(endpoint, id);
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "cancelled by an operator"
                : body.reason();
        return FirmwareUpdateView.of(updates.cancel(id, reason));
    }

    private FirmwareUpdate find(String endpoint, String id) {
        return updates.find(id).filter(u -> u.endpoint().equals(endpoint))
                .orElseThrow(() -> new NotFoundException("device " + endpoint + " has no firmware update " + id));
    }

    private static URI locationOf(FirmwareUpdate u) {
        return UriBuilder.fromPath("/api/v1/devices/{endpoint}/firmware-updates/{id}").build(u.endpoint(), u.id());
    }
}
