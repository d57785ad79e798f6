// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Objects;

import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a firmware upload whose body is too large (413) without storing it, and makes sure every HTTP client reads
 * that answer, or any other refusal (400, 409...) of an upload: what is left of a refused body, up to the limit and
 * {@value #MAX_DISCARD_BYTES} bytes more, is read and discarded before the answer, because a client that sends its
 * whole body before it reads the answer (the JDK's HttpClient) loses an answer sent on a connection closed under its
 * unread body. A client that asked {@code Expect: 100-continue} for a body too large is answered at once and never
 * sends it. A larger body is answered without reading the rest, with {@code Connection: close}, and at most
 * {@value #MAX_DISCARD_BYTES} more bytes are dropped after the answer before the connection is closed. A multipart
 * body may exceed the image maximum by {@value #MULTIPART_OVERHEAD} bytes for its metadata part and headers; the
 * repository checks the image exactly.
 */
@Provider
@FirmwareUploadLimit.Bound
@Priority(Priorities.ENTITY_CODER)
public class FirmwareUploadLimit implements ContainerRequestFilter, ContainerResponseFilter {

    /** Room for the metadata part, the part headers and the boundaries of a multipart upload. */
    public static final long MULTIPART_OVERHEAD = 64 * 1024;
    /** Most bytes of a refused body read and discarded past the limit before the connection is given up. */
    public static final long MAX_DISCARD_BYTES = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUploadLimit.class);
    /** Request property set when a refused body is to be left unread: its response closes the connection. */
    private static final String BODY_LEFT_UNREAD = FirmwareUploadLimit.class.getName() + ".bodyLeftUnread";
    /** Request property holding the {@link Capped} body, to discard what is left under it after a refusal. */
    private static final String CAPPED = FirmwareUploadLimit.class.getName() + ".capped";
    private static final int DISCARD_BUFFER = 64 * 1024;

    /** Marks the resource methods whose request body is a firmware upload. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    public @interface Bound {
    }

    private final FirmwareRepository firmware;
    private final jakarta.inject.Provider<Request> jettyRequest;

    /**
     * @param firmware the repository, for its maximum image size
     * @param jettyRequest the Jetty request being served, whose connection is given up after a refusal
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public FirmwareUploadLimit(FirmwareRepository firmware, jakarta.inject.Provider<Request> jettyRequest) {
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.jettyRequest = Objects.requireNonNull(jettyRequest, "jettyRequest");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long max = firmware.maxImageBytes();
        long limit = limitOf(request, max);
        long length = request.getLength();
        if (length > limit) {
            // Reading would make Jetty send "100 Continue": a client that asked first is refused before it sends.
            if (expectsContinue(request) || length - limit > MAX_DISCARD_BYTES) {
                request.setProperty(BODY_LEFT_UNREAD, Boolean.TRUE);
            }
            LOG.debug("Firmware upload of [{}] bytes refused, over the maximum of [{}]", length, max);
            throw new FirmwareTooLargeException(max);
        }
        Capped capped = new Capped(request.getEntityStream(), limit, max);
        request.setProperty(CAPPED, capped);
        request.setEntityStream(capped);
    }

    private static long limitOf(ContainerRequestContext request, long max) {
        MediaType type = request.getMediaType();
        return type != null && "multipart".equalsIgnoreCase(type.getType()) ? max + MULTIPART_OVERHEAD : max;
    }

    /**
     * After a refusal, reads and drops what is left of the body, up to the limit and {@link #MAX_DISCARD_BYTES} more;
     * when more is left, closes the connection after the answer: Jetty then ends its output after the answer, and a
     * {@link DiscardingConnection} drops at most {@link #MAX_DISCARD_BYTES} more before it closes.
     */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        if (request.getProperty(BODY_LEFT_UNREAD) == null && !discardRest(request)) {
            request.setProperty(BODY_LEFT_UNREAD, Boolean.TRUE);
        }
        if (request.getProperty(BODY_LEFT_UNREAD) != null) {
            response.getHeaders().putSingle("Connection", "close");
            Request jetty = jettyRequest.get();
            jetty.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, new DiscardingConnection(
                    jetty.getConnectionMetaData().getConnection().getEndPoint(),
                    jetty.getConnectionMetaData().getConnector().getExecutor(), MAX_DISCARD_BYTES));
        }
    }

    private boolean discardRest(ContainerRequestContext request) {
        long budget = limitOf(request, firmware.maxImageBytes()) + MAX_DISCARD_BYTES;
        if (request.getProperty(CAPPED) instanceof Capped capped) {
            return discard(capped.raw(), budget - capped.count);
        }
        return discard(request.getEntityStream(), budget);
    }

    private static boolean expectsContinue(ContainerRequestContext request) {
        String expect = request.getHeaderString("Expect");
        return expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue");
    }

    /**
     * Reads and drops at most {@code budget} bytes of {@code in}.
     *
     * @return true when the body ended within the budget, false when more is left (or the client went away)
     */
    static boolean discard(InputStream in, long budget) {
        byte[] buffer = new byte[DISCARD_BUFFER];
        long left = budget;
        try {
            while (true) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.max(left, 1)));
                if (n < 0) {
                    return true;
                }
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
        } catch (IOException e) {
            LOG.debug("Refused firmware upload broke off while its body was discarded: {}", e.toString());
            return false;
        }
    }

    /** A stream that fails with {@link FirmwareTooLargeException} once more than {@code limit} bytes were read. */
    static final class Capped extends FilterInputStream {
        private final long limit;
        private final long max;
        private long count;

        Capped(InputStream in, long limit, long max) {
            super(in);
            this.limit = limit;
            this.max = max;
        }

        /** @return the stream under this one, to discard the rest of a refused body without counting. */
        InputStream raw() {
            return in;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            count += n;
            if (count > limit) {
                LOG.debug("Firmware upload cut off after [{}] bytes, over the maximum of [{}]", count, max);
                throw new FirmwareTooLargeException(max);
            }
        }
    }
}
