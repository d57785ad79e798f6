// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo-client firmware-key}: generates a firmware signing key pair as PEM files, {@code firmware.key} (PKCS#8,
 * for {@code firmware-image --key}) and {@code firmware.pub} (X.509, for the server's trusted keys and the devices'
 * {@code --firmware-key}).
 */
@Command(name = "firmware-key", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates a firmware signing key pair: DIR/firmware.key (private, PKCS#8 PEM) and "
                + "DIR/firmware.pub (public, X.509 PEM).")
public final class FirmwareKeyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the keys to.")
    private Path out;

    @Option(names = "--algorithm", defaultValue = "ED25519", paramLabel = "ALG",
            description = "ED25519 or EC_P256 (ECDSA on NIST P-256). Default: ${DEFAULT-VALUE}.")
    private FirmwareKeys.Algorithm algorithm;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        Path privateFile = out.resolve("firmware.key");
        Path publicFile = out.resolve("firmware.pub");
        KeyPair keys = FirmwareKeys.generate(algorithm);
        Files.writeString(privateFile, FirmwareKeys.toPem(keys.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(publicFile, FirmwareKeys.toPem(keys.getPublic()), StandardCharsets.US_ASCII);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("%s key pair written to %s and %s%n", algorithm, privateFile, publicFile);
        printer.flush();
        return 0;
    }
}
