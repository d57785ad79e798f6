// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;
import static org.motehub.web.testing.TestSigner.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.FirmwareForm;
import org.motehub.web.testing.RawHttpResponse;
import org.motehub.web.testing.TestSigner;
import org.motehub.web.testing.WebFixture;

/**
 * Multipart firmware uploads over real HTTP on a started Jetty leave no spooled part behind in the server's upload
 * folder, whatever the answer: accepted, refused by the repository (400, 409), refused as too large (413, with and
 * without {@code Expect: 100-continue}, counted or chunked), broken multipart, or a client that goes away in the
 * middle of its body; and the folder is emptied at start.
 */
@Timeout(120)
class UploadSpoolIT {

    private static final String BOUNDARY = "motehub-spool-boundary-3c9a";
    private static final long MAX = WebFixture.FIRMWARE_MAX_BYTES;
    private static final String PATH = "/api/v1/firmware";

    @TempDir
    Path dir;

    private WebFixture web;
    private TestSigner signer;

    @BeforeEach
    void start() throws IOException, GeneralSecurityException {
        web = WebFixture.start(dir);
        signer = TestSigner.trustedIn(web.firmwareKeys(), "ci.pem");
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private String metadata(String version, byte[] image) throws GeneralSecurityException {
        return "{\"version\":\"" + version + "\",\"deviceTypes\":[\"thermo-v2\"],\"signature\":\"" + signer.sign(image)
                + "\"}";
    }

    /** @return a multipart/form-data body: the metadata part (if not null), then the image part with its headers. */
    private static byte[] multipart(String metadataJson, String imageHeaders, byte[] image) {
        return FirmwareForm.body(BOUNDARY, metadataJson, imageHeaders, image);
    }

    private static byte[] multipart(String metadataJson, byte[] image) {
        return FirmwareForm.body(BOUNDARY, metadataJson, image);
    }

    private HttpResponse<String> post(byte[] body, boolean chunked) {
        return web.send(web.request(PATH).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : BodyPublishers.ofByteArray(body)));
    }

    private List<Path> spooled() throws IOException {
        if (!Files.isDirectory(web.uploadDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(web.uploadDir())) {
            return files.toList();
        }
    }

    /** The answer is out: nothing of its body may still be in the upload folder. */
    private void assertNothingSpooled(String after) throws IOException {
        assertThat(spooled()).as("upload parts left after %s", after).isEmpty();
    }

    @Test
    void accepted_upload_leaves_nothing() throws Exception {
        byte[] image = image(600_000, 1);

        HttpResponse<String> r = post(multipart(metadata("2.0.0", image), image), false);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertNothingSpooled("a 201");
        byte[] chunkedImage = image(600_000, 2);
        r = post(multipart(metadata("2.0.1", chunkedImage), chunkedImage), true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertNothingSpooled("a chunked 201");
    }

    @Test
    void refusals_by_the_repository_leave_nothing() throws Exception {
        byte[] image = image(600_000, 3);
        assertThat(post(multipart(metadata("2.0.0", image), image), false).statusCode()).isEqualTo(201);

        assertProblem(post(multipart(metadata("2.0.0", image), image), false), 409, "version");
        assertNothingSpooled("a 409");
        byte[] other = image(600_000, 4);
        assertProblem(post(multipart(metadata("3.0.0", image), other), false), 400, "signature");
        assertNothingSpooled("a 400 for the signature");
        assertProblem(post(multipart("{\"version\":", other), false), 400, "metadata");
        assertNothingSpooled("a 400 for the metadata");
        assertProblem(post(multipart(null, other), false), 400, "metadata");
        assertNothingSpooled("a 400 for a missing part");
    }

    @Test
    void broken_multipart_is_a_400_and_leaves_nothing() throws Exception {
        byte[] image = image(600_000, 5);
        String metadata = metadata("2.0.0", image);

        byte[] badPartType = multipart(metadata, "Content-Disposition: form-data; name=\"image\"\r\n"
                + "Content-Type: no-slash-here", image);
        assertProblem(post(badPartType, false), 400, "body");
        assertNothingSpooled("a part with a bad Content-Type");

        byte[] badDisposition = multipart(metadata, "Content-Disposition: form-data; name=\"image", image);
        assertProblem(post(badDisposition, false), 400, "body");
        assertNothingSpooled("a part with a bad Content-Disposition");

        byte[] whole = multipart(metadata, image);
        byte[] unterminated = java.util.Arrays.copyOf(whole, whole.length - 200); // no closing boundary
        assertProblem(post(unterminated, false), 400, "body");
        assertNothingSpooled("a body without its closing boundary");
    }

    @Test
    void too_large_uploads_are_413_and_leave_nothing() throws Exception {
        byte[] justOver = image((int) MAX + 1, 6);
        assertProblem(post(multipart(metadata("2.0.0", justOver), justOver), false), 413, "image");
        assertNothingSpooled("a 413 read to the end of the part");

        byte[] farOver = image((int) (MAX + FirmwareUploadLimit.MULTIPART_OVERHEAD + 100_000), 7);
        assertProblem(post(multipart(metadata("2.0.0", farOver), farOver), false), 413, "image");
        assertNothingSpooled("a 413 on the Content-Length");
        for (int i = 0; i < 3; i++) {
            assertProblem(post(multipart(metadata("2.0.0", farOver), farOver), true), 413, "image");
            assertNothingSpooled("a chunked 413 cut off in the middle of the image");
        }
    }

    @Test
    void too_large_uploads_asking_100_continue_are_413_and_leave_nothing() throws Exception {
        byte[] farOver = image((int) (MAX + FirmwareUploadLimit.MULTIPART_OVERHEAD + 100_000), 8);
        byte[] body = multipart(metadata("2.0.0", farOver), farOver);
        URI uri = web.uri(PATH);

        try (Socket socket = open(uri)) { // refused on its Content-Length, before it sends anything
            socket.getOutputStream().write(head(uri, "Content-Length: " + body.length + "\r\nExpect: 100-continue"));
            assertThat(statusOf(socket.getInputStream())).isEqualTo(413);
        }
        assertNothingSpooled("a 413 answered to Expect: 100-continue");

        try (Socket socket = open(uri)) { // chunked: told to continue, then cut off in the middle of the image
            OutputStream out = socket.getOutputStream();
            out.write(head(uri, "Transfer-Encoding: chunked\r\nExpect: 100-continue"));
            InputStream in = socket.getInputStream();
            assertThat(statusOf(in)).isEqualTo(100);
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                int n = Math.min(64 * 1024, body.length - offset);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(UTF_8));
                out.write(body, offset, n);
                out.write("\r\n".getBytes(UTF_8));
            }
            out.write("0\r\n\r\n".getBytes(UTF_8));
            assertThat(statusOf(in)).isEqualTo(413);
        }
        assertNothingSpooled("a chunked 413 after 100 Continue");

        byte[] small = image(600_000, 9);
        byte[] accepted = multipart(metadata("2.0.0", small), small);
        try (Socket socket = open(uri)) {
            socket.getOutputStream().write(head(uri, "Content-Length: " + accepted.length
                    + "\r\nExpect: 100-continue"));
            assertThat(statusOf(socket.getInputStream())).isEqualTo(100);
            socket.getOutputStream().write(accepted);
            assertThat(statusOf(socket.getInputStream())).isEqualTo(201);
        }
        assertNothingSpooled("a 201 after 100 Continue");
    }

    @Test
    void client_that_goes_away_in_the_middle_of_its_body_leaves_nothing() throws Exception {
        byte[] image = image((int) MAX, 10);
        byte[] body = multipart(metadata("2.0.0", image), image);
        URI uri = web.uri(PATH);

        try (Socket socket = open(uri)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(uri, "Content-Length: " + body.length));
            out.write(body, 0, body.length / 2);
            out.flush();
            // the image part is being spooled in the server's own folder...
            await().atMost(Duration.ofSeconds(20)).until(() -> !spooled().isEmpty());
        } // ...when the client closes its connection
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertNothingSpooled("a client went away"));
        assertThat(web.firmware().list()).isEmpty();
    }

    @Test
    void start_deletes_what_an_earlier_run_left() throws Exception {
        web.server().stop();
        Files.write(web.uploadDir().resolve("MIME123.tmp"), new byte[4096]);
        Files.write(web.uploadDir().resolve("MIME456.tmp"), new byte[10]);

        web.server().start();

        assertNothingSpooled("a start");
        byte[] image = image(600_000, 11);
        assertThat(post(multipart(metadata("2.0.0", image), image), false).statusCode()).isEqualTo(201);
    }

    private static Socket open(URI uri) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] head(URI uri, String headers) {
        return ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n" + headers + "\r\n\r\n")
                .getBytes(UTF_8);
    }

    /** Reads one response head and its body; @return its status. */
    private static int statusOf(InputStream in) throws IOException {
        return RawHttpResponse.read(in).status();
    }
}
