// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.motehub.web.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jetty's error page for the requests it refuses before Jersey sees them (an ambiguous or malformed URI, headers
 * too large...): a problem document like every other error, instead of Jetty's HTML page.
 */
public class ProblemErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);
    private static final ObjectMapper JSON = JsonMappers.create();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String detail;
        if (code >= 500) {
            LOG.error("HTTP server failure [{}] on [{}]", code, request.getHttpURI().getPath(), cause);
            detail = UnexpectedExceptionMapper.GENERIC_DETAIL;
        } else {
            LOG.debug("HTTP server refused a request with [{}]: {}", code, message);
            detail = message != null && !message.isBlank() ? message : "The request is malformed.";
        }
        byte[] body = JSON.writeValueAsBytes(Problems.of(code, null, detail, List.of()));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
