// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.glassfish.jersey.media.multipart.BodyPartEntity;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.web.api.PageView;
import org.motehub.web.api.QueryParams;
import org.motehub.web.json.JsonMappers;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectReader;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The firmware repository over HTTP. {@code POST /api/v1/firmware} takes {@code multipart/form-data} with a JSON
 * {@code metadata} part and an {@code image} part, or the raw image as {@code application/octet-stream} with the
 * metadata in query parameters and the signature in {@value #SIGNATURE_HEADER}; the image is streamed into the
 * repository, which checks its size (413), metadata (400), signature (400) and version (409) before storing it
 * (201). The image is downloaded from {@code .../image} with its sha256 as ETag.
 */
@Singleton
@Path("/api/v1/firmware")
@Produces(MediaType.APPLICATION_JSON)
public class FirmwareResource {

    /** Header carrying the base64 signature of an {@code application/octet-stream} upload. */
    public static final String SIGNATURE_HEADER = "Motehub-Signature";
    /** Largest metadata part accepted. */
    static final int MAX_METADATA_BYTES = 32 * 1024;
    private static final int DOWNLOAD_BLOCK = 64 * 1024;
    private static final ObjectReader METADATA = JsonMappers.create().readerFor(FirmwareMetadataBody.class);

    private final FirmwareRepository firmware;

    /**
     * @throws NullPointerException if {@code firmware} is null
     */
    @Inject
    public FirmwareResource(FirmwareRepository firmware) {
        this.firmware = Objects.requireNonNull(firmware, "firmware");
    }

    /** Uploads an image with its metadata as two parts; 201 with its Location. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @FirmwareUploadLimit.Bound
    public Response uploadMultipart(FormDataMultiPart form) throws IOException {
        try (form) {
            FormDataBodyPart metadataPart = form.getField("metadata");
            FormDataBodyPart imagePart = form.getField("image");
            List<FieldError> errors = new ArrayList<>();
            if (metadataPart == null) {
                errors.add(new FieldError("metadata", "is required: a part with the image's metadata as JSON"));
            }
            if (imagePart == null) {
                errors.add(new FieldError("image", "is required: a part with the image bytes"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            FirmwareMetadata metadata = parse(metadataPart);
            try (InputStream image = imagePart.getEntityAs(BodyPartEntity.class).getInputStream()) {
                return created(firmware.upload(metadata, image));
            }
        }
    }

    private static FirmwareMetadata parse(FormDataBodyPart part) throws IOException {
        byte[] json;
        try (InputStream in = part.getEntityAs(BodyPartEntity.class).getInputStream()) {
            json = in.readNBytes(MAX_METADATA_BYTES + 1);
        }
        if (json.length > MAX_METADATA_BYTES) {
            throw new InvalidInputException("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes");
        }
        FirmwareMetadataBody body;
        try {
            body = METADATA.readValue(json);
        } catch (StreamReadException e) {
            throw new InvalidInputException("metadata", "is not valid JSON");
        }
        if (body == null) {
            throw new InvalidInputException("metadata", "must be a JSON object");
        }
        return body.toMetadata();
    }

    /** Uploads the raw image, its metadata in the query and its signature in a header; 201 with its Location. */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @FirmwareUploadLimit.Bound
    public Response uploadBytes(@QueryParam("version") String version,
            @QueryParam("deviceType") List<String> deviceTypes, @QueryParam("fromVersion") List<String> fromVersions,
            @QueryParam("releaseNotes") String releaseNotes, @QueryParam("mandatory") String mandatory,
            @HeaderParam(SIGNATURE_HEADER) String signature, InputStream image) {
        QueryParams params = new QueryParams();
        Boolean isMandatory = params.booleanValue("mandatory", mandatory);
        params.check();
        return created(firmware.upload(new FirmwareMetadata(version, deviceTypes, fromVersions, releaseNotes,
                Boolean.TRUE.equals(isMandatory), signature), image));
    }

    private static Response created(Firmware f) {
        return Response.created(locationOf(f.id())).entity(FirmwareView.of(f)).build();
    }

    /** Lists firmware oldest first, optionally only the images that fit {@code deviceType}. */
    @GET
    public PageView<FirmwareView> list(@QueryParam("deviceType") String deviceType,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        PageRequest page = params.page(limit, cursor);
        params.check();
        String after = page.after().orElse("");
        List<Firmware> items = firmware.list().stream().filter(f -> f.id().compareTo(after) > 0)
                .filter(f -> deviceType == null || deviceType.isEmpty() || f.deviceTypes().contains(deviceType))
                .limit(page.limit() + 1L).toList();
        Page<Firmware> result = items.size() <= page.limit() ? new Page<>(items, null)
                : new Page<>(items.subList(0, page.limit()),
                        PageRequest.cursorAfter(items.get(page.limit() - 1).id()));
        return PageView.of(result, FirmwareView::of);
    }

    /** Reads one firmware's metadata. */
    @GET
    @Path("{id}")
    public FirmwareView get(@PathParam("id") String id) {
        return FirmwareView.of(firmware.get(id));
    }

    /** Downloads the image, streamed, with its length and its sha256 as strong ETag. */
    @GET
    @Path("{id}/image")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response image(@PathParam("id") String id, @Context Request request) {
        Firmware f = firmware.get(id);
        EntityTag tag = new EntityTag(f.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.build();
        }
        StreamingOutput body = (OutputStream out) -> {
            long offset = 0;
            while (offset < f.size()) {
                byte[] block = firmware.read(id, offset, DOWNLOAD_BLOCK);
                if (block.length == 0) {
                    break;
                }
                out.write(block);
                offset += block.length;
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE).tag(tag)
                .header(HttpHeaders.CONTENT_LENGTH, f.size())
                .header("Content-Disposition", "attachment; filename=\"firmware-" + f.version() + ".bin\"").build();
    }

    /** Blocks a version (with a reason) or unblocks it. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FirmwareView patch(@PathParam("id") String id, PatchFirmwareBody body) {
        if (body == null || body.blocked() == null) {
            throw new InvalidInputException("blocked", "is required: true to block the version, false to unblock it");
        }
        return FirmwareView.of(firmware.setBlocked(id, body.blocked(), body.blockedReason()));
    }

    /** Deletes an image that nothing uses; 204, or 409 naming what still uses it. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        firmware.delete(id);
        return Response.noContent().build();
    }

    /** @return the path of a firmware, relative to the server root. */
    static URI locationOf(String id) {
        return UriBuilder.fromPath("/api/v1/firmware/{id}").build(id);
    }
}
