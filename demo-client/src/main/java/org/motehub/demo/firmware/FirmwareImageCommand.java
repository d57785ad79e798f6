// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo-client firmware-image}: builds a signed {@link DemoFirmwareImage} and its detached signature, the two
 * files an operator uploads to the server.
 */
@Command(name = "firmware-image", sortOptions = false,
        description = "Builds a demo firmware image signed with --key, and FILE.sig: the base64 detached signature "
                + "of the whole file (what the server verifies on upload).")
public final class FirmwareImageCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    // no mixinStandardHelpOptions: its --version would clash with the firmware version
    @Option(names = "--version", required = true, paramLabel = "VERSION",
            description = "Firmware version in the header, e.g. 1.1.0.")
    private String version;

    @Option(names = "--device-type", defaultValue = "demo-sensor", paramLabel = "TYPE",
            description = "Device type in the header. Default: ${DEFAULT-VALUE}.")
    private String deviceType;

    @Option(names = "--size", defaultValue = "262144", paramLabel = "BYTES",
            description = "Payload size in bytes (pseudo-random content). Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--key", required = true, paramLabel = "PEM",
            description = "Private key (PKCS#8 PEM, Ed25519 or EC P-256), e.g. from firmware-key.")
    private Path key;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Image file to write.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        PrivateKey privateKey;
        DemoFirmwareImage image;
        try {
            privateKey = FirmwareKeys.readPrivateKey(key);
            image = DemoFirmwareImage.builder().version(version).deviceType(deviceType).payloadSize(size)
                    .signingKey(privateKey).build();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path signature = out.resolveSibling(out.getFileName() + ".sig");
        Files.write(out, image.bytes());
        Files.writeString(signature, image.detachedSignature(privateKey) + "\n", StandardCharsets.US_ASCII);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("%s: version %s for %s, %d bytes, sha256 of header+payload %s, signed %s%n", out, version,
                deviceType, image.size(), HexFormat.of().formatHex(image.digest()), image.signatureType());
        printer.printf("%s: detached signature of the whole file (base64)%n", signature);
        printer.flush();
        return 0;
    }
}
