// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/**
 * Serves the operator console, a few static files under {@code /console/} on the class path: {@code GET /} is its
 * {@code index.html}. Only plain file names of known types are served, so no path can reach other resources.
 */
@Singleton
@Path("/")
public class ConsoleResource {

    private static final String ROOT = "/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    /** The console's page. */
    @GET
    public Response index() {
        return file("index.html");
    }

    /** One file of the console, such as {@code app.js}. */
    @GET
    @Path("{file: [a-z0-9-]+\\.(html|js|css)}")
    public Response file(@PathParam("file") String file) {
        byte[] content = read(file);
        String extension = file.substring(file.lastIndexOf('.') + 1);
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        return Response.ok(content, TYPES.get(extension)).cacheControl(revalidate)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static byte[] read(String file) {
        try (InputStream in = ConsoleResource.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
