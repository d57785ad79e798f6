// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The last resort: any failure no other mapper knows is a bug on our side. It is logged at error with its stack
 * trace and answered with a 500 problem that tells nothing of the cause.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    /** The only detail a 5xx answer ever gives. */
    static final String GENERIC_DETAIL = "The server failed to process the request; the failure has been logged.";

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Context
    private UriInfo uriInfo;
    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable e) {
        LOG.error("Unexpected failure on [{} /{}]", request.getMethod(), uriInfo.getPath(false), e);
        return Problems.response(Problems.of(500, null, GENERIC_DETAIL, List.of()));
    }
}
