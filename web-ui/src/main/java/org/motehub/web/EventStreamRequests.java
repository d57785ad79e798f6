// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Keeps the Jetty callbacks of the open {@code /api/v1/events} streams, so that a stop can end those Jersey left
 * pending. Jersey's Jetty container completes a request's callback only when the response closes cleanly: once an
 * event was written to a client that had gone away, the failure of an already committed response leaves the
 * callback pending, and Jetty's graceful stop waited its whole timeout for that request.
 */
final class EventStreamRequests extends Handler.Wrapper {

    private static final String EVENTS_PATH = "/api/v1/events";

    private final Set<Callback> open = ConcurrentHashMap.newKeySet();

    EventStreamRequests(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!EVENTS_PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        Callback tracked = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                open.remove(this);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                open.remove(this);
                super.failed(x);
            }
        };
        open.add(tracked);
        boolean handled = false;
        try {
            handled = super.handle(request, response, tracked);
            return handled;
        } finally {
            if (!handled) {
                open.remove(tracked);
            }
        }
    }

    /** Fails the callback of every event stream still open, which lets Jetty close its connection. */
    int endAll() {
        int ended = 0;
        for (Callback c : open) {
            c.failed(new EofException("the server is stopping"));
            ended++;
        }
        return ended;
    }
}
