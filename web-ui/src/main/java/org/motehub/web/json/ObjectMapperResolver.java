// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Hands Jersey's Jackson provider the mapper built by {@link JsonMappers}, for requests and responses alike
 * (including {@code application/problem+json}).
 */
@Provider
public class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper = JsonMappers.create();

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
