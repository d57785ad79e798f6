// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.firmware.Firmware;

/**
 * The assembled server's firmware repository: keys from {@code <data-dir>/firmware-keys}, signing required by
 * default, an openssl-signed image uploaded over HTTP, kept across a restart and read back for delivery.
 */
class FirmwareUploadIT {

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FirmwareUploadIT.class.getResourceAsStream("/firmware/" + name)) {
            return in.readAllBytes();
        }
    }

    private static HttpResponse<String> upload(MotehubServer server, String version, String signature, byte[] image)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri().resolve("/api/v1/firmware?version="
                + version + "&deviceType=thermo-v2")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(image));
        if (signature != null) {
            request.header("Motehub-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void signed_upload_is_stored_unsigned_is_refused_and_the_image_survives_a_restart() throws Exception {
        Files.createDirectories(dir.resolve("firmware-keys"));
        Files.write(dir.resolve("firmware-keys/ed-release.pem"), resource("ed-release.pem"));
        byte[] image = resource("image.bin");
        String signature = Base64.getEncoder().encodeToString(resource("image.bin.ed25519.sig"));

        try (MotehubTestServer motehub = new MotehubTestServer(dir)) {
            assertThat(upload(motehub.server(), "2.0.0", null, image).statusCode()).isEqualTo(400);
            HttpResponse<String> created = upload(motehub.server(), "2.0.0", signature, image);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"signingKeyId\":\"ed-release\"");

            motehub.restart();

            Firmware f = motehub.server().firmware().findVersion("thermo-v2", "2.0.0").orElseThrow();
            assertThat(f.signingKeyId()).isEqualTo("ed-release");
            assertThat(motehub.server().firmware().read(f.id(), 0, image.length)).isEqualTo(image);
            assertThat(motehub.server().firmware().maxImageBytes()).isEqualTo(16L << 20);
        }
    }

    @Test
    void multipart_parts_are_spooled_under_the_data_dir_and_deleted_after_the_upload_and_at_start() throws Exception {
        Path uploads = dir.resolve("tmp").resolve("uploads");
        byte[] image = new byte[400_000];
        new Random(3).nextBytes(image);
        String boundary = "spool-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(UTF_8);

        try (MotehubTestServer motehub = new MotehubTestServer(dir)) {
            assertThat(uploads).isEmptyDirectory();
            URI uri = motehub.server().httpUri();
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/firmware HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: "
                        + "multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                        + (head.length + image.length + 8 + boundary.length()) + "\r\n\r\n").getBytes(UTF_8));
                out.write(head);
                out.write(image, 0, image.length / 2);
                out.flush();
                await().atMost(Duration.ofSeconds(20)).until(() -> !isEmpty(uploads)); // spooled there...
            } // ...until the client goes away
            await().atMost(Duration.ofSeconds(20)).until(() -> isEmpty(uploads));

            Files.write(uploads.resolve("MIME42.tmp"), image); // as a crash in the middle of an upload leaves it
            motehub.restart();

            assertThat(uploads).isEmptyDirectory();
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }
}
