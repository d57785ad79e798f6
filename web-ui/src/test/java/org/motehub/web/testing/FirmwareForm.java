// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/** {@code multipart/form-data} bodies of firmware uploads, written byte by byte so that tests can also break them. */
public final class FirmwareForm {

    /** The headers of a well-formed image part. */
    public static final String IMAGE_HEADERS = "Content-Disposition: form-data; name=\"image\"; filename=\"fw.bin\"\r\n"
            + "Content-Type: application/octet-stream";

    private FirmwareForm() {
    }

    /**
     * @param metadataJson the {@code metadata} part, or null to leave it out
     * @param imageHeaders the headers of the image part, without the blank line that ends them
     * @param image the image part's bytes, or null to leave the part out
     * @return the body, parts separated by {@code boundary}
     */
    public static byte[] body(String boundary, String metadataJson, String imageHeaders, byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (metadataJson != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + metadataJson + "\r\n").getBytes(UTF_8));
        }
        if (image != null) {
            out.writeBytes(("--" + boundary + "\r\n" + imageHeaders + "\r\n\r\n").getBytes(UTF_8));
            out.writeBytes(image);
            out.writeBytes("\r\n".getBytes(UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
        return out.toByteArray();
    }

    /** @return a body with a well-formed image part (see {@link #body(String, String, String, byte[])}) */
    public static byte[] body(String boundary, String metadataJson, byte[] image) {
        return body(boundary, metadataJson, IMAGE_HEADERS, image);
    }
}
