// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.problem;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.motehub.model.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns Jackson's failures to read a request body into a 400 problem naming the bad field by its JSON path (for
 * example {@code credentials.foo}), or {@code body} when the text is not JSON at all. It replaces the mappers of
 * jersey-media-json-jackson, which answer in plain text and echo internal class names. A failure to write a response
 * is a bug: a 500 that hides its cause, logged at error.
 */
@Provider
public class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    /** The field name used when the whole body is at fault. */
    static final String BODY = "body";

    private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);

    @Override
    public Response toResponse(JsonProcessingException e) {
        if (!isReadFailure(e)) {
            LOG.error("Failed to write a response body", e);
            return Problems.response(Problems.of(500, null, UnexpectedExceptionMapper.GENERIC_DETAIL, List.of()));
        }
        FieldError error = fieldErrorOf(e);
        LOG.debug("Unreadable request body: {}", error);
        return Problems.response(Problems.of(400, "Invalid input", error.field() + ": " + error.message(),
                List.of(error)));
    }

    /** @return whether the client's input is at fault; a broken type definition or a failed write is ours. */
    private static boolean isReadFailure(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            return false;
        }
        return e instanceof StreamReadException || e instanceof MismatchedInputException
                || e.getProcessor() instanceof JsonParser;
    }

    /** @return the bad field and what is wrong with it, in words that name no Java type. */
    static FieldError fieldErrorOf(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return new FieldError(BODY, "is not valid JSON" + where(e.getLocation()));
        }
        String field = pathOf(mapping);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldError(field, "is not a known field; expected one of " + names(unknown
                    .getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return new FieldError(field, "must be one of " + Arrays.toString(format.getTargetType()
                    .getEnumConstants()));
        }
        if (e instanceof InvalidFormatException) {
            return new FieldError(field, "has an invalid value");
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new FieldError(field, field.equals(BODY) ? "must be a JSON object" : "has the wrong JSON type"
                    + expected(mismatch.getTargetType()));
        }
        return new FieldError(field, "is invalid" + where(e.getLocation()));
    }

    /** @return the JSON path of the failure, such as {@code credentials.key} or {@code items[2].id}, or body. */
    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? BODY : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type == String.class) {
            return "; expected a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "; expected a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "; expected true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "; expected an array";
        }
        return "; expected an object";
    }

    private static String names(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "[]";
        }
        TreeSet<String> sorted = known.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
        return "[" + String.join(", ", sorted) + "]";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
