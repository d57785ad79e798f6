// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A response read off a socket: status, headers (lower-case names), body chunked, counted or up to the end. */
public record RawHttpResponse(int status, Map<String, String> headers, String body) {

    /**
     * Reads one response head and its body, chunked, counted, or (without either, and not a 1xx) up to the end of
     * the connection.
     */
    public static RawHttpResponse read(InputStream in) throws IOException {
        int status = Integer.parseInt(line(in).split(" ", 3)[1]);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (status >= 200) {
            body.write(in.readAllBytes()); // delimited by the end of the connection
        }
        return new RawHttpResponse(status, headers, body.toString(UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed in the middle of the response: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
