// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandService;
import org.motehub.web.api.PageView;
import org.motehub.web.api.QueryParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * A device's command queue over HTTP. Submitting records a command that the LwM2M server's dispatcher executes
 * when the device is reachable; the caller may wait for its outcome ({@code ?wait=5s}). A finished command answers
 * 200, one still under way 202, both with the command's Location.
 */
@Singleton
@Path("/api/v1/devices/{endpoint}/commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    private static final Logger LOG = LoggerFactory.getLogger(CommandResource.class);

    private final CommandService commands;

    /**
     * @throws NullPointerException if {@code commands} is null
     */
    @Inject
    public CommandResource(CommandService commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** Queues a command, then waits for it up to {@code wait}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@PathParam("endpoint") String endpoint, @QueryParam("wait") String wait,
            SubmitCommandBody body) {
        Duration max = WaitParam.parse(wait);
        if (body == null) {
            throw new InvalidInputException("body", "is required: a JSON object with type and path");
        }
        Command command = awaitQuietly(commands.submit(endpoint, body.toRequest()), max);
        int status = command.status().isFinal() ? Response.Status.OK.getStatusCode()
                : Response.Status.ACCEPTED.getStatusCode();
        return Response.status(status).location(locationOf(command)).entity(CommandView.of(command)).build();
    }

    /** Lists the device's commands, oldest first. */
    @GET
    public PageView<CommandView> list(@PathParam("endpoint") String endpoint, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        PageRequest page = params.page(limit, cursor);
        params.check();
        return PageView.of(commands.list(endpoint, page), CommandView::of);
    }

    /** Reads one command, after waiting up to {@code wait} for it to finish. */
    @GET
    @Path("{id}")
    public CommandView get(@PathParam("endpoint") String endpoint, @PathParam("id") String id,
            @QueryParam("wait") String wait) {
        Duration max = WaitParam.parse(wait);
        return CommandView.of(awaitQuietly(commands.get(endpoint, id), max));
    }

    /** @return the command once finished or after {@code max}; as it is now if the thread is interrupted. */
    private Command awaitQuietly(Command command, Duration max) {
        if (max.isZero() || command.status().isFinal()) {
            return command;
        }
        try {
            return commands.await(command.endpoint(), command.id(), max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("Wait for command [{}] of device [{}] interrupted", command.id(), command.endpoint());
            return commands.get(command.endpoint(), command.id());
        }
    }

    private static URI locationOf(Command c) {
        return UriBuilder.fromPath("/api/v1/devices/{endpoint}/commands/{id}").build(c.endpoint(), c.id());
    }
}
