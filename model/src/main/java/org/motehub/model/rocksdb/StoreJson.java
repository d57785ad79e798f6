// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON encoding of stored records. Unknown properties are ignored on read so that records written by a newer
 * version stay readable after a downgrade.
 */
public final class StoreJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(StoreInstants.module()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One reader and one writer per record type: resolving the type on every call was a quarter of a read. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };

    private StoreJson() {
    }

    /** @return the bytes of {@code value} as JSON. */
    public static byte[] write(Object value) {
        try {
            return WRITERS.get(value.getClass()).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** @return the record decoded from {@code bytes}. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return READERS.get(type).readValue(bytes);
        } catch (IOException e) {
            throw new StoreException("cannot decode " + type.getSimpleName(), e);
        }
    }
}
