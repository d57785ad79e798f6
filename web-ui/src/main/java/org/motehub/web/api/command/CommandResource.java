// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandService;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
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

    private final CommandService commands;

    /**
     * @throws NullPointerException if {@code commands} is null
     */
    @Inject
    public CommandResource(CommandService commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /**
     * Queues a command, then answers when it has finished or after {@code wait}, without holding a server thread
     * while it waits.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public void submit(@PathParam("endpoint") String endpoint, @QueryParam("wait") String wait,
            SubmitCommandBody body, @Suspended AsyncResponse response) {
        Duration max = WaitParam.parse(wait);
        if (body == null) {
            throw new InvalidInputException("body", "is required: a JSON object with type and path");
        }
        answerWhenDone(commands.submit(endpoint, body.toRequest()), max, response, CommandResource::created);
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
    public void get(@PathParam("endpoint") String endpoint, @PathParam("id") String id,
            @QueryParam("wait") String wait, @Suspended AsyncResponse response) {
        Duration max = WaitParam.parse(wait);
        answerWhenDone(commands.get(endpoint, id), max, response, c -> Response.ok(CommandView.of(c)).build());
    }

    /** Resumes {@code response} with the command once it has finished, or as it is after {@code max}. */
    private void answerWhenDone(Command command, Duration max, AsyncResponse response,
            Function<Command, Response> render) {
        if (max.isZero() || command.status().isFinal()) {
            response.resume(render.apply(command));
            return;
        }
        commands.whenFinished(command.endpoint(), command.id()).copy()
                .completeOnTimeout(null, max.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    try {
                        Command now = done != null ? done : commands.get(command.endpoint(), command.id());
                        response.resume(render.apply(now));
                    } catch (RuntimeException e) {
                        response.resume(e);
                    }
                });
    }

    private static Response created(Command command) {
        int status = command.status().isFinal() ? Response.Status.OK.getStatusCode()
                : Response.Status.ACCEPTED.getStatusCode();
        return Response.status(status).location(locationOf(command)).entity(CommandView.of(command)).build();
    }

    private static URI locationOf(Command c) {
        return UriBuilder.fromPath("/api/v1/devices/{endpoint}/commands/{id}").build(c.endpoint(), c.id());
    }
}
