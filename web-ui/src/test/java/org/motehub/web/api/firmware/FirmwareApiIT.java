// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.motehub.web.testing.ProblemAssertions.assertProblem;
import static org.motehub.web.testing.TestSigner.image;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.web.testing.FirmwareForm;
import org.motehub.web.testing.RawHttpResponse;
import org.motehub.web.testing.TestSigner;
import org.motehub.web.testing.WebFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The firmware repository over real HTTP on a started Jetty, with RocksDB in a temporary folder: real multipart and
 * octet-stream uploads signed by openssl (fixtures of the model's test-jar) and by JDK keys, every refusal, download,
 * block and delete.
 */
class FirmwareApiIT {

    private static final String BOUNDARY = "motehub-test-boundary-7d1f";
    private static final long MAX = WebFixture.FIRMWARE_MAX_BYTES;

    @TempDir
    Path dir;

    private WebFixture web;
    private TestSigner signer;

    @BeforeEach
    void start() throws IOException, GeneralSecurityException {
        web = WebFixture.start(dir);
        Files.createDirectories(web.firmwareKeys());
        for (String pem : new String[] { "ed-release.pem", "ec-release.pem" }) {
            Files.write(web.firmwareKeys().resolve(pem), resource(pem));
        }
        signer = TestSigner.trustedIn(web.firmwareKeys(), "ci-signer.pem");
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private static byte[] resource(String name) {
        try (InputStream in = FirmwareApiIT.class.getResourceAsStream("/firmware/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing from the model test-jar", e);
        }
    }

    private String sign(byte[] image) throws GeneralSecurityException {
        return signer.sign(image);
    }

    private static String sha256(byte[] image) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    }

    private static String metadata(String version, String signature) {
        return "{\"version\":\"" + version + "\",\"deviceTypes\":[\"thermo-v2\"],\"fromVersions\":[\"1.0.0\"],"
                + "\"releaseNotes\":\"Fixes the drift\",\"mandatory\":true"
                + (signature == null ? "" : ",\"signature\":\"" + signature + "\"") + "}";
    }

    /** @return a multipart/form-data body with the given parts (null: part left out). */
    private static byte[] multipart(String metadataJson, byte[] image) {
        return FirmwareForm.body(BOUNDARY, metadataJson, image);
    }

    private HttpResponse<String> upload(String metadataJson, byte[] image) {
        return web.send(web.request("/api/v1/firmware")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofByteArray(multipart(metadataJson, image))));
    }

    /** The same upload without a Content-Length: the body is sent chunked. */
    private HttpResponse<String> uploadChunked(String metadataJson, byte[] image) {
        byte[] body = multipart(metadataJson, image);
        return web.send(web.request("/api/v1/firmware")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    private JsonNode uploaded(String metadataJson, byte[] image) {
        HttpResponse<String> r = upload(metadataJson, image);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return WebFixture.json(r);
    }

    private int stored() {
        return WebFixture.json(web.get("/api/v1/firmware")).path("items").size();
    }

    @Test
    void openssl_ed25519_signed_upload_is_created_and_downloads_identical() throws Exception {
        byte[] image = resource("image.bin");
        String sig = Base64.getEncoder().encodeToString(resource("image.bin.ed25519.sig"));

        HttpResponse<String> r = upload(metadata("2.0.0", sig), image);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode f = WebFixture.json(r);
        String id = f.path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/firmware/" + id);
        assertThat(f.path("version").asText()).isEqualTo("2.0.0");
        assertThat(f.path("deviceTypes").get(0).asText()).isEqualTo("thermo-v2");
        assertThat(f.path("fromVersions").get(0).asText()).isEqualTo("1.0.0");
        assertThat(f.path("mandatory").asBoolean()).isTrue();
        assertThat(f.path("size").asLong()).isEqualTo(image.length);
        assertThat(f.path("sha256").asText()).isEqualTo(new String(resource("image.bin.sha256"), UTF_8).strip())
                .isEqualTo(sha256(image));
        assertThat(f.path("signingKeyId").asText()).isEqualTo("ed-release");
        assertThat(f.path("signatureAlgorithm").asText()).isEqualTo("Ed25519");
        assertThat(f.path("blocked").asBoolean()).isFalse();
        assertThat(f.path("createdAt").asText()).endsWith("Z");
        assertThat(r.body().length()).isLessThan(2000);

        HttpResponse<byte[]> download = web.http().send(web.request("/api/v1/firmware/" + id + "/image").GET()
                .build(), BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(image);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(image.length);
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256(image) + "\"");

        HttpResponse<String> again = web.send(web.request("/api/v1/firmware/" + id + "/image")
                .header("If-None-Match", "\"" + sha256(image) + "\"").GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(WebFixture.json(web.get("/api/v1/firmware/" + id)).path("sha256").asText())
                .isEqualTo(sha256(image));
    }

    @Test
    void openssl_ecdsa_p256_signed_upload_is_created() {
        String sig = Base64.getEncoder().encodeToString(resource("image.bin.ecdsa.sig"));

        JsonNode f = uploaded(metadata("2.0.1", sig), resource("image.bin"));

        assertThat(f.path("signingKeyId").asText()).isEqualTo("ec-release");
        assertThat(f.path("signatureAlgorithm").asText()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void octet_stream_upload_takes_metadata_from_the_query_and_signature_from_the_header() throws Exception {
        byte[] image = image(300_000, 1);

        HttpResponse<String> r = web.send(web.request("/api/v1/firmware?version=3.1.0&deviceType=a&deviceType=b"
                + "&fromVersion=3.0.0&mandatory=true&releaseNotes=Radio%20fix")
                .header("Content-Type", "application/octet-stream")
                .header(FirmwareResource.SIGNATURE_HEADER, sign(image)).POST(BodyPublishers.ofByteArray(image)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode f = WebFixture.json(r);
        assertThat(f.path("deviceTypes").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(f.path("fromVersions").toString()).isEqualTo("[\"3.0.0\"]");
        assertThat(f.path("releaseNotes").asText()).isEqualTo("Radio fix");
        assertThat(f.path("mandatory").asBoolean()).isTrue();
        assertThat(f.path("signingKeyId").asText()).isEqualTo("ci-signer");
        assertThat(web.firmware().read(f.path("id").asText(), 0, image.length)).isEqualTo(image);

        assertProblem(web.send(web.request("/api/v1/firmware?version=3.2.0&deviceType=a&mandatory=maybe")
                .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(image))), 400,
                "mandatory");
    }

    @Test
    void unsigned_upload_is_refused_naming_signature_and_nothing_is_stored() {
        assertProblem(upload(metadata("2.0.0", null), image(1000, 2)), 400, "signature");

        assertThat(stored()).isZero();
    }

    @Test
    void wrong_signature_is_refused_and_nothing_is_stored() throws Exception {
        byte[] image = image(200_000, 3);
        String signatureOfAnotherImage = sign(image(200_000, 4));

        JsonNode problem = assertProblem(upload(metadata("2.0.0", signatureOfAnotherImage), image), 400,
                "signature");

        assertThat(problem.path("detail").asText()).contains("does not verify");
        assertThat(stored()).isZero();
        assertProblem(upload(metadata("2.0.0", "not-base64!"), image), 400, "signature");
    }

    /** An octet-stream upload of {@code image}, with its Content-Length or chunked. */
    private HttpResponse<String> uploadBytes(byte[] image, boolean chunked) throws GeneralSecurityException {
        return web.send(web.request("/api/v1/firmware?version=2.0.0&deviceType=t")
                .header("Content-Type", "application/octet-stream")
                .header(FirmwareResource.SIGNATURE_HEADER, sign(image))
                .POST(chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(image))
                        : BodyPublishers.ofByteArray(image)));
    }

    private static JsonNode assertTooLarge(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 413, "image");
        assertThat(problem.path("type").asText()).endsWith("/payload-too-large");
        assertThat(problem.path("detail").asText()).contains(Long.toString(MAX));
        assertThat(problem.at("/errors/0/message").asText()).contains(Long.toString(MAX));
        return problem;
    }

    @Test
    void too_large_images_are_refused_with_413_and_nothing_is_stored() throws Exception {
        byte[] justOver = image((int) MAX + 1, 5);
        assertTooLarge(upload(metadata("2.0.0", sign(justOver)), justOver));

        byte[] farOver = image((int) (MAX + FirmwareUploadLimit.MULTIPART_OVERHEAD + 10), 6);
        assertTooLarge(upload(metadata("2.0.0", sign(farOver)), farOver));
        assertTooLarge(uploadChunked(metadata("2.0.0", sign(farOver)), farOver));
        // the body is sent in full before the JDK client reads the answer: the race of a connection closed under it
        for (int i = 0; i < 10; i++) {
            assertTooLarge(uploadBytes(justOver, false));
            assertTooLarge(uploadBytes(justOver, true));
        }

        assertThat(stored()).isZero();
        byte[] exact = image((int) MAX, 7);
        assertThat(upload(metadata("2.0.0", sign(exact)), exact).statusCode()).isEqualTo(201);
    }

    @Test
    void a_refusal_before_the_body_is_read_reaches_the_client_and_nothing_is_stored() throws Exception {
        byte[] image = image((int) MAX, 16);

        for (int i = 0; i < 10; i++) {
            assertProblem(web.send(web.request("/api/v1/firmware?version=2.0.0&deviceType=t&mandatory=maybe")
                    .header("Content-Type", "application/octet-stream")
                    .header(FirmwareResource.SIGNATURE_HEADER, sign(image)).POST(BodyPublishers.ofByteArray(image))),
                    400, "mandatory");
        }

        assertThat(stored()).isZero();
    }

    @Test
    void body_megabytes_over_the_limit_is_read_to_its_end_and_refused_with_413() throws Exception {
        byte[] megabytesOver = image((int) (MAX + 5 * 1024 * 1024), 14);

        for (int i = 0; i < 3; i++) {
            assertTooLarge(uploadBytes(megabytesOver, false));
            assertTooLarge(uploadBytes(megabytesOver, true));
            assertTooLarge(upload(metadata("2.0.0", sign(megabytesOver)), megabytesOver));
            assertTooLarge(uploadChunked(metadata("2.0.0", sign(megabytesOver)), megabytesOver));
        }

        assertThat(stored()).isZero();
    }

    /** The head of a raw octet-stream upload declaring {@code length} bytes, with the given extra header lines. */
    private byte[] rawUploadHead(URI uri, long length, String extraHeaders, byte[] image)
            throws GeneralSecurityException {
        return ("POST " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nContent-Type: application/octet-stream\r\n" + FirmwareResource.SIGNATURE_HEADER
                + ": " + sign(image) + "\r\nContent-Length: " + length + "\r\n" + extraHeaders + "\r\n")
                .getBytes(UTF_8);
    }

    /** Asserts a raw 413 that names the image and closes the connection, which the server then ends. */
    private static void assertTooLargeAndClosed(RawHttpResponse r, Socket socket) throws IOException {
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.headers()).containsEntry("content-type", "application/problem+json")
                .containsEntry("connection", "close");
        JsonNode problem = new ObjectMapper().readTree(r.body());
        assertThat(problem.path("status").asInt()).as("%s %s", r.headers(), r.body()).isEqualTo(413);
        assertThat(problem.path("type").asText()).endsWith("/payload-too-large");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("image");
        assertThat(socket.getInputStream().read()).as("end of stream after the answer").isEqualTo(-1);
    }

    // The JDK 17 HttpClient hangs on a final answer to Expect: 100-continue (JDK-8286171): a raw socket, like curl.
    @Test
    @Timeout(60)
    void client_asking_100_continue_is_refused_before_it_sends_the_body() throws Exception {
        URI uri = web.uri("/api/v1/firmware?version=2.0.0&deviceType=t");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(rawUploadHead(uri, 64L << 20, "Expect: 100-continue\r\n", new byte[1]));

            assertTooLargeAndClosed(RawHttpResponse.read(socket.getInputStream()), socket);
        }
        assertThat(stored()).isZero();

        byte[] small = image(100_000, 15);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(rawUploadHead(uri, small.length, "Expect: 100-continue\r\n", small));
            assertThat(RawHttpResponse.read(socket.getInputStream()).status()).isEqualTo(100);
            socket.getOutputStream().write(small);
            RawHttpResponse accepted = RawHttpResponse.read(socket.getInputStream());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        }
        assertThat(web.firmware().list()).singleElement()
                .satisfies(f -> assertThat(web.firmware().read(f.id(), 0, small.length)).isEqualTo(small));
    }

    @Test
    @Timeout(60)
    void body_beyond_what_is_discarded_gets_413_early_and_the_connection_is_closed() throws Exception {
        long declared = MAX + FirmwareUploadLimit.MAX_DISCARD_BYTES + (256L << 20);
        URI uri = web.uri("/api/v1/firmware?version=2.0.0&deviceType=t");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(rawUploadHead(uri, declared, "", new byte[1]));
            BodySender sender = BodySender.start(socket, declared); // like curl: sends until the answer arrives

            RawHttpResponse r = RawHttpResponse.read(socket.getInputStream());
            sender.stop();

            assertTooLargeAndClosed(r, socket);
            assertThat(sender.sent()).as("bytes sent when the answer came").isLessThan(declared);
        }
        assertThat(stored()).isZero();
    }

    @Test
    @Timeout(60)
    void client_that_keeps_sending_after_the_413_is_cut_off_after_a_bounded_amount() throws Exception {
        long declared = MAX + FirmwareUploadLimit.MAX_DISCARD_BYTES + (1L << 30);
        URI uri = web.uri("/api/v1/firmware?version=2.0.0&deviceType=t");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(rawUploadHead(uri, declared, "", new byte[1]));
            BodySender sender = BodySender.start(socket, declared); // ignores the answer

            RawHttpResponse r = RawHttpResponse.read(socket.getInputStream());
            long sentAtAnswer = sender.sent();
            sender.thread.join(30_000);

            assertTooLargeAndClosed(r, socket);
            assertThat(sender.failure).as("the server closed the connection").isNotNull();
            // what the server dropped after its answer, plus what the socket buffers of both sides held
            assertThat(sender.sent()).isLessThan(sentAtAnswer + FirmwareUploadLimit.MAX_DISCARD_BYTES + (32 << 20));
        }
        assertThat(stored()).isZero();
    }

    /** Writes zeros to a socket on its own thread until stopped, until {@code total} bytes, or until it fails. */
    private static final class BodySender implements Runnable {
        private final OutputStream out;
        private final long total;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Thread thread = new Thread(this, "upload-body-sender");
        private volatile IOException failure;

        private BodySender(OutputStream out, long total) {
            this.out = out;
            this.total = total;
        }

        static BodySender start(Socket socket, long total) throws IOException {
            BodySender sender = new BodySender(socket.getOutputStream(), total);
            sender.thread.start();
            return sender;
        }

        @Override
        public void run() {
            byte[] block = new byte[64 * 1024];
            try {
                while (!stopped.get() && sent.get() < total) {
                    out.write(block);
                    sent.addAndGet(block.length);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        long sent() {
            return sent.get();
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join(30_000);
        }
    }

    @Test
    @Timeout(180)
    void curl_reads_the_413_of_an_image_far_over_the_limit_with_and_without_expect_100_continue() throws Exception {
        Optional<Path> curl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "curl")).filter(Files::isExecutable).findFirst();
        assumeTrue(curl.isPresent(), "curl is not installed");
        Path image = Files.write(dir.resolve("far-over.bin"),
                new byte[(int) (MAX + FirmwareUploadLimit.MAX_DISCARD_BYTES + (16 << 20))]);
        Path answer = dir.resolve("answer.json");
        String url = web.uri("/api/v1/firmware?version=2.0.0&deviceType=t").toString();

        for (String expect : new String[] { "Expect: 100-continue", "Expect:" }) { // "Expect:" turns it off
            for (int i = 0; i < 3; i++) {
                Process p = new ProcessBuilder(curl.get().toString(), "-sS", "-o", answer.toString(), "-w",
                        "%{http_code}", "-H", "Content-Type: application/octet-stream", "-H",
                        FirmwareResource.SIGNATURE_HEADER + ": " + sign(new byte[1]), "-H", expect, "--data-binary",
                        "@" + image, url).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

                assertThat(out).as("curl with %s", expect).isEqualTo("413");
                JsonNode problem = new ObjectMapper().readTree(answer.toFile());
                assertThat(problem.path("status").asInt()).isEqualTo(413);
                assertThat(problem.at("/errors/0/field").asText()).isEqualTo("image");
            }
        }
        assertThat(stored()).isZero();
    }

    @Test
    void the_same_version_for_the_same_device_type_is_a_409_naming_version() throws Exception {
        byte[] a = image(1000, 8);
        byte[] b = image(1000, 9);
        uploaded(metadata("2.0.0", sign(a)), a);

        JsonNode problem = assertProblem(upload(metadata("2.0.0", sign(b)), b), 409, "version");

        assertThat(problem.path("errors").get(0).path("message").asText()).contains("thermo-v2");
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void bad_metadata_names_each_field() throws Exception {
        byte[] image = image(1000, 10);
        String sig = sign(image);

        assertProblem(upload("{\"version\":\"2.0 beta\",\"deviceTypes\":[],\"fromVersions\":[\"ok\",\"x y\"],"
                + "\"releaseNotes\":\"" + "n".repeat(4097) + "\",\"signature\":\"" + sig + "\"}", image), 400,
                "version", "deviceTypes", "fromVersions[1]", "releaseNotes");
        assertProblem(upload("{\"deviceTypes\":[\"bad type\"],\"signature\":\"" + sig + "\"}", image), 400,
                "version", "deviceTypes[0]");
        assertProblem(upload("{\"version\":\"2.0.0\",\"deviceTypes\":[\"t\"],\"colour\":\"red\"}", image), 400,
                "colour");
        assertProblem(upload("{\"version\":\"2.0.0\",\"deviceTypes\":\"t\"}", image), 400, "deviceTypes");
        assertProblem(upload("this is not json", image), 400, "metadata");
        assertProblem(upload(null, image), 400, "metadata");
        assertProblem(upload(metadata("2.0.0", sig), null), 400, "image");
        assertProblem(upload(metadata("2.0.0", sig), new byte[0]), 400, "image");
        assertThat(stored()).isZero();
    }

    @Test
    void block_and_unblock_a_version() throws Exception {
        byte[] image = image(1000, 11);
        String id = uploaded(metadata("2.0.0", sign(image)), image).path("id").asText();

        HttpResponse<String> blocked = web.patch("/api/v1/firmware/" + id,
                "{\"blocked\":true,\"blockedReason\":\"bricks the radio\"}");
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(200);
        assertThat(WebFixture.json(blocked).path("blocked").asBoolean()).isTrue();
        JsonNode read = WebFixture.json(web.get("/api/v1/firmware/" + id));
        assertThat(read.path("blocked").asBoolean()).isTrue();
        assertThat(read.path("blockedReason").asText()).isEqualTo("bricks the radio");

        assertProblem(web.patch("/api/v1/firmware/" + id, "{\"blocked\":true}"), 400, "blockedReason");
        assertProblem(web.patch("/api/v1/firmware/" + id, "{}"), 400, "blocked");
        assertProblem(web.patch("/api/v1/firmware/" + id, "{\"blocked\":\"yes\"}"), 400, "blocked");
        assertProblem(web.patch("/api/v1/firmware/0000000000000000", "{\"blocked\":false}"), 404);

        HttpResponse<String> unblocked = web.patch("/api/v1/firmware/" + id, "{\"blocked\":false}");
        assertThat(unblocked.statusCode()).isEqualTo(200);
        assertThat(WebFixture.json(web.get("/api/v1/firmware/" + id)).path("blocked").asBoolean()).isFalse();
        assertThat(WebFixture.json(web.get("/api/v1/firmware/" + id)).path("blockedReason").isNull()).isTrue();
    }

    @Test
    void delete_answers_204_then_404_and_409_while_something_uses_the_image() throws Exception {
        byte[] a = image(1000, 12);
        byte[] b = image(1000, 13);
        String used = uploaded(metadata("2.0.0", sign(a)), a).path("id").asText();
        String free = uploaded(metadata("2.0.1", sign(b)), b).path("id").asText();
        web.firmware().addUsageCheck(id -> id.equals(used) ? Optional.of("campaign spring-rollout") : Optional
                .empty());

        JsonNode problem = assertProblem(web.delete("/api/v1/firmware/" + used), 409, "id");
        assertThat(problem.path("detail").asText()).contains("campaign spring-rollout");

        assertThat(web.delete("/api/v1/firmware/" + free).statusCode()).isEqualTo(204);
        assertProblem(web.get("/api/v1/firmware/" + free), 404);
        assertProblem(web.get("/api/v1/firmware/" + free + "/image"), 404);
        assertProblem(web.delete("/api/v1/firmware/" + free), 404);
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void list_pages_oldest_first_and_filters_by_device_type() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] image = image(100, 20 + i);
            String meta = "{\"version\":\"1." + i + "\",\"deviceTypes\":[\"" + (i % 2 == 0 ? "even" : "odd")
                    + "\"],\"signature\":\"" + sign(image) + "\"}";
            uploaded(meta, image);
        }

        JsonNode first = WebFixture.json(web.get("/api/v1/firmware?limit=2"));
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.at("/items/0/version").asText()).isEqualTo("1.0");
        JsonNode second = WebFixture.json(web.get("/api/v1/firmware?limit=2&cursor=" + first.path("nextCursor")
                .asText()));
        assertThat(second.at("/items/0/version").asText()).isEqualTo("1.2");
        JsonNode even = WebFixture.json(web.get("/api/v1/firmware?deviceType=even"));
        assertThat(even.path("items")).hasSize(3);
        assertThat(even.path("nextCursor").isNull()).isTrue();
        assertProblem(web.get("/api/v1/firmware?limit=0"), 400, "limit");
    }
}
