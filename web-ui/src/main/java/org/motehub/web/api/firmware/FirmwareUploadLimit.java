// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareTooLargeException;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a firmware upload whose body is too large before it is read: 413 at once when its Content-Length says so,
 * and otherwise (chunked uploads) as soon as more bytes arrive than an image of the maximum size can take, so that a
 * huge multipart body is not spooled to disk in full. A multipart body may exceed the image maximum by
 * {@value #MULTIPART_OVERHEAD} bytes for its metadata part and headers; the repository checks the image exactly.
 */
@Provider
@FirmwareUploadLimit.Bound
@Priority(Priorities.ENTITY_CODER)
public class FirmwareUploadLimit implements ContainerRequestFilter {

    /** Room for the metadata part, the part headers and the boundaries of a multipart upload. */
    public static final long MULTIPART_OVERHEAD = 64 * 1024;

    /** Marks the resource methods whose request body is a firmware upload. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    public @interface Bound {
    }

    private final FirmwareRepository firmware;

    /**
     * @throws NullPointerException if {@code firmware} is null
     */
    @Inject
    public FirmwareUploadLimit(FirmwareRepository firmware) {
        this.firmware = Objects.requireNonNull(firmware, "firmware");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long max = firmware.maxImageBytes();
        MediaType type = request.getMediaType();
        long limit = type != null && "multipart".equalsIgnoreCase(type.getType()) ? max + MULTIPART_OVERHEAD : max;
        if (request.getLength() > limit) {
            throw new FirmwareTooLargeException(max);
        }
        request.setEntityStream(new Capped(request.getEntityStream(), limit, max));
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
                throw new FirmwareTooLargeException(max);
            }
        }
    }
}
