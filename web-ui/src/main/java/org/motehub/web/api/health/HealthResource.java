// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.health;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Liveness for load balancers and operators: {@code status}, {@code version}, {@code uptimeSeconds} and the details
 * the assembly supplies (store sizes, endpoints...). A details supplier that fails makes the answer 503 DOWN.
 */
@Singleton
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);
    private static final String VERSION = readVersion();

    private final long startedNanos;
    private final Supplier<Map<String, Object>> details;

    /**
     * @throws NullPointerException if {@code source} is null
     */
    @Inject
    public HealthResource(HealthSource source) {
        this.startedNanos = source.startedNanos();
        this.details = source.details();
    }

    /** Answers 200 UP with the details, or 503 DOWN when they cannot be gathered. */
    @GET
    public Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("version", VERSION);
        body.put("uptimeSeconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
        try {
            Map<String, Object> extra = details.get();
            if (extra != null) {
                extra.forEach(body::putIfAbsent);
            }
        } catch (RuntimeException e) {
            LOG.error("Health details failed", e);
            body.put("status", "DOWN");
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
        }
        return Response.ok(body).build();
    }

    /** @return the version of this build, or {@code unknown} when run from sources without Maven's filtering. */
    static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = HealthResource.class.getResourceAsStream("/org/motehub/web/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            LOG.warn("Cannot read the version resource", e);
            return "unknown";
        }
    }
}
