// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code motehub provision MANIFEST}: creates the devices of a manifest through a running server's REST API, shows
 * the batch's progress on stderr and writes the generated bootstrap keys to {@code --secrets-out}. It goes through
 * the API rather than the data folder because RocksDB admits one process at a time (the running server holds the
 * lock), and because the server then applies the same validation, uniqueness checks and logging as for any caller.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create the devices of a manifest (CSV or JSON) through a running Motehub server, all or none.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = { "0:every device created", "1:manifest refused or batch failed; nothing created",
            "2:invalid options" })
final class ProvisionCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 30;
    private static final int MAX_ERRORS_SHOWN = 50;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "CSV (header line: endpoint,name,type,"
            + "bootstrapIdentity,bootstrapKey) or JSON array of devices")
    Path manifest;

    @Option(names = "--server", defaultValue = "${env:MOTEHUB_URL:-http://127.0.0.1:8080}", paramLabel = "URL",
            description = "Base URL of the running server (MOTEHUB_URL). Default: ${DEFAULT-VALUE}")
    URI server;

    @Option(names = "--secrets-out", required = true, paramLabel = "FILE",
            description = "Where to write the generated bootstrap keys (CSV, owner-only); the server hands them out "
                    + "once")
    Path secretsOut;

    @Option(names = "--format", paramLabel = "csv|json",
            description = "Manifest format. Default: json for a .json file, csv otherwise")
    String format;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "How long to wait for the batch. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String type = contentType();
        if (Files.exists(secretsOut)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), secretsOut
                    + " exists; secrets are never overwritten");
        }
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(api("/api/v1/provisioning/batches"))
                .header("Content-Type", type).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofFile(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            printProblem(err, accepted);
            return 1;
        }
        JsonNode batch = JSON.readTree(accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (batch.path("state").asText().equals("RUNNING")) {
            progress(err, batch);
            if (System.nanoTime() > deadline) {
                err.printf("%nThe batch is still running after %d s; see %s%n", timeoutSeconds, api(location));
                return 1;
            }
            Thread.sleep(200);
            batch = JSON.readTree(get(location).body());
        }
        progress(err, batch);
        err.println();
        if (!batch.path("state").asText().equals("SUCCEEDED")) {
            err.println("Batch failed: " + batch.path("error").asText());
            return 1;
        }
        if (batch.path("secrets").asText().equals("AVAILABLE")) {
            HttpResponse<String> secrets = get(location + "/secrets");
            if (secrets.statusCode() != 200) {
                printProblem(err, secrets);
                return 1;
            }
            writeSecret(secrets.body());
            err.printf("%d generated keys written to %s%n", batch.path("generatedKeys").asInt(), secretsOut);
        }
        err.printf("%d devices created in %d ms (batch %s)%n", batch.path("created").asInt(),
                Duration.ofNanos(System.nanoTime() - start).toMillis(), batch.path("id").asText());
        err.flush();
        return 0;
    }

    private String contentType() {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : manifest.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "csv";
        switch (f) {
        case "csv":
            return "text/csv; charset=utf-8";
        case "json":
            return "application/json";
        default:
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be csv or json");
        }
    }

    private URI api(String path) {
        return server.resolve(path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void progress(PrintWriter err, JsonNode batch) {
        int total = Math.max(1, batch.path("total").asInt());
        int prepared = batch.path("prepared").asInt();
        int created = batch.path("created").asInt();
        int filled = (int) ((long) BAR * (prepared + created) / (2L * total));
        err.printf("\r[%s%s] %d/%d prepared, %d created ", "#".repeat(filled), "-".repeat(BAR - filled), prepared,
                total, created);
        err.flush();
    }

    private void writeSecret(String csv) throws IOException {
        try {
            Files.createFile(secretsOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(secretsOut);
        }
        Files.writeString(secretsOut, csv, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void printProblem(PrintWriter err, HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            err.printf("Refused (%d): %s%n", response.statusCode(), problem.path("detail").asText());
            int shown = 0;
            for (JsonNode e : problem.path("errors")) {
                if (shown++ == MAX_ERRORS_SHOWN) {
                    err.printf("  ... and %d more%n", problem.path("errors").size() - MAX_ERRORS_SHOWN);
                    break;
                }
                err.printf("  %s%s: %s%n", e.has("line") ? "line " + e.path("line").asInt() + ", " : "",
                        e.path("field").asText(), e.path("message").asText());
            }
        } catch (IOException e) {
            err.printf("Refused (%d): %s%n", response.statusCode(), response.body());
        }
        err.flush();
    }
}
