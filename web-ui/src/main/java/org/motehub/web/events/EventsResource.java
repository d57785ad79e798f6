// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.events;

import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/v1/events[?endpoint=]}: Server-Sent Events of what happens, for the console and for scripts. Each
 * event has a name ({@code telemetry}: the points of one ingest, {@code {"endpoint", "points": [{"path", "time",
 * "value"}]}}), an id and JSON data.
 */
@Singleton
@Path("/api/v1/events")
public class EventsResource {

    private final EventHub hub;

    /**
     * @throws NullPointerException if {@code hub} is null
     */
    @Inject
    public EventsResource(EventHub hub) {
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    /** Opens a stream of every event, or only those about {@code endpoint}. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @QueryParam("endpoint") String endpoint) {
        hub.subscribe(sink, sse, endpoint == null || endpoint.isBlank() ? null : endpoint.trim());
    }
}
