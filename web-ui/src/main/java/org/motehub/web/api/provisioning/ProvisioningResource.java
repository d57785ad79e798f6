// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

import org.motehub.model.InvalidInputException;
import org.motehub.model.provisioning.ManifestFormat;
import org.motehub.model.provisioning.ProvisioningBatch;
import org.motehub.model.provisioning.ProvisioningService;
import org.motehub.web.problem.Problems;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * Bulk provisioning over HTTP. {@code POST /api/v1/provisioning/batches} takes a manifest ({@code text/csv} or
 * {@code application/json}), validates every row (400 or 409 listing each bad row with its line and column, nothing
 * created), then answers 202 with the batch and its Location; the batch writes all devices at once. Its generated
 * keys are fetched once from {@code .../secrets} as CSV; after that the answer is 410 Gone.
 */
@Singleton
@Path("/api/v1/provisioning/batches")
@Produces(MediaType.APPLICATION_JSON)
public class ProvisioningResource {

    /** Largest manifest accepted: 100,000 rows of about 100 bytes, with room to spare. */
    static final int MAX_BYTES = 64 << 20;
    /** The media type of manifests and of the generated keys. */
    public static final String TEXT_CSV = "text/csv";

    private final ProvisioningService provisioning;

    /**
     * @throws NullPointerException if {@code provisioning} is null
     */
    @Inject
    public ProvisioningResource(ProvisioningService provisioning) {
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
    }

    /** Validates a manifest and starts its batch; 202 with the batch's Location. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        ManifestFormat format = formatOf(contentType);
        if (format == null) {
            return Problems.response(Problems.of(415, null, "A manifest is text/csv or application/json.",
                    List.of()));
        }
        byte[] manifest = body.readNBytes(MAX_BYTES + 1);
        if (manifest.length > MAX_BYTES) {
            throw new InvalidInputException("body", "is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        ProvisioningBatch batch = provisioning.submit(manifest, format);
        return Response.accepted(batch).location(UriBuilder.fromPath("/api/v1/provisioning/batches/{id}")
                .build(batch.id())).build();
    }

    private static ManifestFormat formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        MediaType type = MediaType.valueOf(contentType);
        if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return ManifestFormat.JSON;
        }
        if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
            return ManifestFormat.CSV;
        }
        return null;
    }

    /** Reads a batch and its progress. */
    @GET
    @Path("{id}")
    public ProvisioningBatch get(@PathParam("id") String id) {
        return provisioning.get(id);
    }

    /** Hands out the batch's generated keys as CSV, once. */
    @GET
    @Path("{id}/secrets")
    @Produces({ TEXT_CSV, MediaType.APPLICATION_JSON })
    public Response secrets(@PathParam("id") String id) {
        return Response.ok(provisioning.takeSecrets(id), TEXT_CSV + "; charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Disposition", "attachment; filename=\"batch-" + id + "-secrets.csv\"").build();
    }
}
