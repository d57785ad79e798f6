// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Objects;

import org.eclipse.jetty.io.EofException;
import org.glassfish.jersey.media.multipart.BodyPartEntity;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.glassfish.jersey.message.MessageBodyWorkers;
import org.glassfish.jersey.server.CloseableService;
import org.jvnet.mimepull.Header;
import org.jvnet.mimepull.MIMEConfig;
import org.jvnet.mimepull.MIMEMessage;
import org.jvnet.mimepull.MIMEParsingException;
import org.jvnet.mimepull.MIMEPart;
import org.motehub.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;

/**
 * Reads a {@code multipart/form-data} upload into a {@link FormDataMultiPart} whose large parts are spooled (by
 * MIMEPull) into the {@link UploadSpool} folder, and makes sure no spooled part outlives its request: when reading
 * fails for any reason (a body cut off as too large, a client that goes away, broken multipart, a bad part header)
 * every part read so far is closed, which deletes its file, before the failure is answered; a form that was read is
 * closed when its request ends. Jersey's own reader closes the parts only on a MIMEPull parsing failure, so a refusal
 * thrown by the stream under it (413) or a bad part header (400) left the parts in the temporary folder.
 */
@ConstrainedTo(RuntimeType.SERVER)
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class FirmwareFormReader implements MessageBodyReader<FormDataMultiPart> {

    /** Bytes of a part kept in memory before it is spooled to a file: the metadata part stays in memory. */
    static final long MEMORY_THRESHOLD = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareFormReader.class);

    private final MIMEConfig config = new MIMEConfig();
    private final Provider<CloseableService> closeables;
    private final Provider<MessageBodyWorkers> workers;

    /**
     * @param spool the folder parts are spooled into
     * @param closeables what the request closes when it ends
     * @param workers the entity providers, for a part read as another type than {@link BodyPartEntity}
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public FirmwareFormReader(UploadSpool spool, Provider<CloseableService> closeables,
            Provider<MessageBodyWorkers> workers) {
        config.setDir(spool.dir().toString());
        config.setMemoryThreshold(MEMORY_THRESHOLD);
        this.closeables = Objects.requireNonNull(closeables, "closeables");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == FormDataMultiPart.class;
    }

    /**
     * @throws InvalidInputException if the body is not multipart/form-data, a part header cannot be read, or the
     *         client went away in the middle of the body (400)
     * @throws IOException if the body cannot be read or spooled for another reason
     */
    @Override
    public FormDataMultiPart readFrom(Class<FormDataMultiPart> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream body) throws IOException {
        String boundary = boundaryOf(mediaType);
        MIMEMessage message = new MIMEMessage(body, boundary, config);
        boolean read = false;
        try {
            FormDataMultiPart form = new FormDataMultiPart();
            MessageBodyWorkers bodyWorkers = workers.get();
            form.setMessageBodyWorkers(bodyWorkers);
            for (MIMEPart mime : message.getAttachments()) { // reads the whole body, spooling large parts
                FormDataBodyPart part = new FormDataBodyPart();
                part.setMessageBodyWorkers(bodyWorkers);
                part.setEntity(new BodyPartEntity(mime));
                form.bodyPart(part);
                for (Header header : mime.getAllHeaders()) {
                    part.getHeaders().add(header.getName(), header.getValue());
                }
                checkHeaders(part, form.getBodyParts().size());
            }
            closeables.get().add(form);
            read = true;
            return form;
        } catch (MIMEParsingException e) {
            if (e.getCause() instanceof EofException) { // no one is left to read the answer: not worth an error
                LOG.debug("Firmware upload broke off in the middle of its body: {}", e.getCause().toString());
                throw new InvalidInputException("body", "ended before the end of the multipart body");
            }
            if (e.getCause() instanceof IOException io) { // the spool folder cannot be written, for example
                throw io;
            }
            throw new InvalidInputException("body", "is not valid multipart/form-data: " + e.getMessage());
        } finally {
            if (!read) {
                close(message);
            }
        }
    }

    private static String boundaryOf(MediaType mediaType) {
        String boundary = mediaType == null ? null : mediaType.getParameters().get("boundary");
        if (boundary != null && boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            boundary = boundary.substring(1, boundary.length() - 1);
        }
        if (boundary == null || boundary.isEmpty()) {
            throw new InvalidInputException("Content-Type", "must name the boundary of the multipart/form-data body");
        }
        return boundary;
    }

    /** Parses the part's Content-Type and Content-Disposition now, so a bad one is refused while the parts are ours. */
    private static void checkHeaders(FormDataBodyPart part, int number) {
        String contentType = part.getHeaders().getFirst("Content-Type");
        try {
            if (contentType != null) {
                part.setMediaType(MediaType.valueOf(contentType));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("body", "part " + number + " has an invalid Content-Type");
        }
        try {
            part.getContentDisposition();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("body", "part " + number + " has an invalid Content-Disposition");
        }
    }

    /** Closes every part read so far, which deletes the file of each spooled one. */
    private static void close(MIMEMessage message) {
        try {
            message.close();
        } catch (RuntimeException e) {
            LOG.warn("Could not delete a spooled part of a failed upload: {}", e.toString());
        }
    }
}
