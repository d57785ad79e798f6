// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.List;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.MotehubException;
import org.motehub.model.firmware.FirmwareTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns the exceptions of the model services into problem documents with the status each one carries; the message
 * of a client error is its detail, the message of a server error is hidden.
 */
@Provider
public class MotehubExceptionMapper implements ExceptionMapper<MotehubException> {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubExceptionMapper.class);

    @Override
    public Response toResponse(MotehubException e) {
        int status = e.status();
        if (status >= 500) {
            LOG.error("Service failure answered with [{}]", status, e);
            return Problems.response(Problems.of(status, e.title(), UnexpectedExceptionMapper.GENERIC_DETAIL,
                    List.of()));
        }
        LOG.debug("Request refused with [{}]: {}", status, e.getMessage());
        return Problems.response(Problems.of(status, e.title(), e.getMessage(), errorsOf(e)));
    }

    private static List<FieldError> errorsOf(MotehubException e) {
        if (e instanceof InvalidInputException invalid) {
            return invalid.errors();
        }
        if (e instanceof ConflictException conflict) {
            return conflict.errors();
        }
        if (e instanceof FirmwareTooLargeException tooLarge) {
            return tooLarge.errors();
        }
        return List.of();
    }
}
