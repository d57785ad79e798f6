// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives Jersey's own refusals (unknown route 404, 405, 406, 415...) a problem body while keeping their status and
 * their {@code Allow} header. A 5xx raised this way is treated as a bug: logged at error, detail hidden.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String detail;
        if (status >= 500) {
            LOG.error("Request failed with [{}]", status, e);
            detail = UnexpectedExceptionMapper.GENERIC_DETAIL;
        } else {
            LOG.debug("Request refused with [{}]: {}", status, e.getMessage());
            detail = detailOf(status);
        }
        Response.ResponseBuilder answer = Response.fromResponse(Problems.response(Problems.of(status, null, detail,
                List.of())));
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }

    private static String detailOf(int status) {
        switch (status) {
        case 404:
            return "There is no resource at this URL.";
        case 405:
            return "This resource does not support the request method.";
        case 406:
            return "This resource cannot answer in any of the accepted media types; it speaks application/json.";
        case 415:
            return "The request body must be application/json.";
        default:
            Response.Status known = Response.Status.fromStatusCode(status);
            return known != null ? known.getReasonPhrase() : "HTTP " + status;
        }
    }
}
