// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.motehub.model.firmware.FirmwareUpdate.Delivery;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.RetentionPolicy;
import org.motehub.server.firmware.FirmwareDeliverySettings;

import picocli.CommandLine.Option;

/**
 * The server's command-line options, each with its {@code MOTEHUB_*} environment variable and default, declared
 * once here; {@code --help} prints them and the README's configuration table is copied from that output.
 */
public class ServerOptions {

    @Option(names = "--data-dir", defaultValue = "${env:MOTEHUB_DATA_DIR:-data}",
            description = "Folder of the RocksDB store and DTLS snapshots (MOTEHUB_DATA_DIR). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--http-host", defaultValue = "${env:MOTEHUB_HTTP_HOST:-127.0.0.1}",
            description = "HTTP bind address of the API and console (MOTEHUB_HTTP_HOST). Default: ${DEFAULT-VALUE}")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:MOTEHUB_HTTP_PORT:-8080}",
            description = "HTTP port (MOTEHUB_HTTP_PORT). Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(names = "--host", defaultValue = "${env:MOTEHUB_HOST:-0.0.0.0}",
            description = "CoAP/CoAPS bind address (MOTEHUB_HOST). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--coap-port", defaultValue = "${env:MOTEHUB_COAP_PORT:-5683}",
            description = "LwM2M over plain CoAP, -1 for off (MOTEHUB_COAP_PORT). Default: ${DEFAULT-VALUE}")
    int coapPort;

    @Option(names = "--coaps-port", defaultValue = "${env:MOTEHUB_COAPS_PORT:-5684}",
            description = "LwM2M over CoAP/DTLS, -1 for off (MOTEHUB_COAPS_PORT). Default: ${DEFAULT-VALUE}")
    int coapsPort;

    @Option(names = "--models", defaultValue = "${env:MOTEHUB_MODELS}",
            description = "Extra folder of LwM2M object models, DDF XML files (MOTEHUB_MODELS). Default: none")
    Path modelsDir;

    @Option(names = "--fsync", defaultValue = "${env:MOTEHUB_FSYNC:-false}",
            description = "Sync every write to disk before acknowledging it (MOTEHUB_FSYNC). Default: ${DEFAULT-VALUE}")
    boolean fsync;

    @Option(names = "--request-timeout", defaultValue = "${env:MOTEHUB_REQUEST_TIMEOUT:-10}",
            description = "Seconds a device has to answer one request (MOTEHUB_REQUEST_TIMEOUT). "
                    + "Default: ${DEFAULT-VALUE}")
    int requestTimeoutSeconds;

    @Option(names = "--retention-raw", defaultValue = "${env:MOTEHUB_RETENTION_RAW:-7d}",
            description = "How long raw telemetry points are kept, e.g. 7d, 36h, P14D (MOTEHUB_RETENTION_RAW). "
                    + "Default: ${DEFAULT-VALUE}")
    String retentionRaw;

    @Option(names = "--retention-1m", defaultValue = "${env:MOTEHUB_RETENTION_1M:-30d}",
            description = "How long 1-minute rollups are kept (MOTEHUB_RETENTION_1M). Default: ${DEFAULT-VALUE}")
    String retention1m;

    @Option(names = "--retention-5m", defaultValue = "${env:MOTEHUB_RETENTION_5M:-90d}",
            description = "How long 5-minute rollups are kept (MOTEHUB_RETENTION_5M). Default: ${DEFAULT-VALUE}")
    String retention5m;

    @Option(names = "--retention-1h", defaultValue = "${env:MOTEHUB_RETENTION_1H:-365d}",
            description = "How long 1-hour rollups are kept (MOTEHUB_RETENTION_1H). Default: ${DEFAULT-VALUE}")
    String retention1h;

    @Option(names = "--retention-1d", defaultValue = "${env:MOTEHUB_RETENTION_1D:-forever}",
            description = "How long 1-day rollups are kept, or forever (MOTEHUB_RETENTION_1D). "
                    + "Default: ${DEFAULT-VALUE}")
    String retention1d;

    @Option(names = "--bs-coap-port", defaultValue = "${env:MOTEHUB_BS_COAP_PORT:-5783}",
            description = "LwM2M bootstrap over plain CoAP, -1 for off; it refuses every device, as bootstrap needs "
                    + "DTLS-PSK (MOTEHUB_BS_COAP_PORT). Default: ${DEFAULT-VALUE}")
    int bsCoapPort;

    @Option(names = "--bs-coaps-port", defaultValue = "${env:MOTEHUB_BS_COAPS_PORT:-5784}",
            description = "LwM2M bootstrap over CoAP/DTLS, -1 for off (MOTEHUB_BS_COAPS_PORT). Default: ${DEFAULT-VALUE}")
    int bsCoapsPort;

    @Option(names = "--public-coaps-uri", defaultValue = "${env:MOTEHUB_PUBLIC_COAPS_URI}",
            description = "DM server URI the bootstrap server writes into devices, as they reach it, e.g. "
                    + "coaps://dm.example.com:5684 (MOTEHUB_PUBLIC_COAPS_URI). Default: from --host and "
                    + "--coaps-port, 127.0.0.1 when --host is a wildcard address")
    URI publicCoapsUri;

    @Option(names = "--dm-key-bytes", defaultValue = "${env:MOTEHUB_DM_KEY_BYTES:-16}",
            description = "Length of the DM keys the bootstrap server generates, and of generated bootstrap keys, "
                    + "16 to 64; tinydtls-based clients (Wakaama) take no more than 16 (MOTEHUB_DM_KEY_BYTES). "
                    + "Default: ${DEFAULT-VALUE}")
    int dmKeyBytes;

    @Option(names = "--firmware-keys", defaultValue = "${env:MOTEHUB_FIRMWARE_KEYS}",
            description = "Folder of trusted firmware signing keys, one PEM public key (Ed25519 or ECDSA P-256) per "
                    + "file, named <key-id>.pem (MOTEHUB_FIRMWARE_KEYS). Default: <data-dir>/firmware-keys")
    Path firmwareKeys;

    @Option(names = "--firmware-signing", defaultValue = "${env:MOTEHUB_FIRMWARE_SIGNING:-required}",
            description = "required: unsigned firmware images are refused; off: a signature is optional, but one "
                    + "that is given is still verified (MOTEHUB_FIRMWARE_SIGNING). Default: ${DEFAULT-VALUE}")
    String firmwareSigning;

    @Option(names = "--firmware-max-bytes", defaultValue = "${env:MOTEHUB_FIRMWARE_MAX_BYTES:-16777216}",
            description = "Largest firmware image accepted, in bytes, at most 268435456 "
                    + "(MOTEHUB_FIRMWARE_MAX_BYTES). Default: ${DEFAULT-VALUE} (16 MiB)")
    long firmwareMaxBytes;

    @Option(names = "--firmware-download-timeout", defaultValue = "${env:MOTEHUB_FIRMWARE_DOWNLOAD_TIMEOUT:-30}",
            description = "Minutes a device has to download a firmware image (pull or push) before its update fails "
                    + "(MOTEHUB_FIRMWARE_DOWNLOAD_TIMEOUT). Default: ${DEFAULT-VALUE}")
    int firmwareDownloadMinutes;

    @Option(names = "--firmware-update-timeout", defaultValue = "${env:MOTEHUB_FIRMWARE_UPDATE_TIMEOUT:-10}",
            description = "Minutes a device has to install a downloaded image and report the result "
                    + "(MOTEHUB_FIRMWARE_UPDATE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    int firmwareUpdateMinutes;

    @Option(names = "--firmware-verify-timeout", defaultValue = "${env:MOTEHUB_FIRMWARE_VERIFY_TIMEOUT:-10}",
            description = "Minutes a device has to re-register and report its new version after installing "
                    + "(MOTEHUB_FIRMWARE_VERIFY_TIMEOUT). Default: ${DEFAULT-VALUE}")
    int firmwareVerifyMinutes;

    @Option(names = "--firmware-recheck-interval", defaultValue = "${env:MOTEHUB_FIRMWARE_RECHECK_INTERVAL:-30}",
            description = "Seconds an unfinished firmware update may go without news from its device before the "
                    + "server reads the device's state again (MOTEHUB_FIRMWARE_RECHECK_INTERVAL). "
                    + "Default: ${DEFAULT-VALUE}")
    int firmwareRecheckSeconds;

    @Option(names = "--firmware-delivery", defaultValue = "${env:MOTEHUB_FIRMWARE_DELIVERY:-pull}",
            description = "pull or push: how images reach devices that support both (/5/0/9 = 2) "
                    + "(MOTEHUB_FIRMWARE_DELIVERY). Default: ${DEFAULT-VALUE}")
    String firmwareDelivery;

    /**
     * @throws IllegalStateException naming the first bad option
     */
    ServerSettings toSettings() {
        return ServerSettings.builder().dataDir(dataDir).httpHost(httpHost).httpPort(httpPort).coapHost(host)
                .coapPort(coapPort).coapsPort(coapsPort).modelsDir(modelsDir).fsync(fsync)
                .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds)).retention(retention())
                .bootstrapCoapPort(bsCoapPort).bootstrapCoapsPort(bsCoapsPort).publicCoapsUri(publicCoapsUri)
                .dmKeyBytes(dmKeyBytes).firmwareKeysDir(firmwareKeys).firmwareSigning(signingMode())
                .firmwareMaxBytes(firmwareMaxBytes).firmwareDelivery(delivery()).build();
    }

    /** @throws IllegalStateException naming the firmware delivery option that is wrong */
    private FirmwareDeliverySettings delivery() {
        int[] minutes = { firmwareDownloadMinutes, firmwareUpdateMinutes, firmwareVerifyMinutes };
        String[] names = { "--firmware-download-timeout", "--firmware-update-timeout", "--firmware-verify-timeout" };
        for (int i = 0; i < minutes.length; i++) {
            if (minutes[i] < 1) {
                throw new IllegalStateException(names[i] + " must be at least 1 (minutes), not " + minutes[i]);
            }
        }
        if (firmwareRecheckSeconds < 1) {
            throw new IllegalStateException("--firmware-recheck-interval must be at least 1 (seconds), not "
                    + firmwareRecheckSeconds);
        }
        Delivery preferred;
        try {
            preferred = Delivery.valueOf(firmwareDelivery.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--firmware-delivery must be pull or push, not " + firmwareDelivery);
        }
        return FirmwareDeliverySettings.defaults().withTimeouts(Duration.ofMinutes(firmwareDownloadMinutes),
                Duration.ofMinutes(firmwareUpdateMinutes), Duration.ofMinutes(firmwareVerifyMinutes))
                .preferring(preferred).withRecheckInterval(Duration.ofSeconds(firmwareRecheckSeconds));
    }

    /** @throws IllegalStateException naming --firmware-signing when it is neither required nor off */
    private SigningMode signingMode() {
        try {
            return SigningMode.valueOf(firmwareSigning.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--firmware-signing must be required or off, not " + firmwareSigning);
        }
    }

    /** @throws IllegalStateException naming the retention option that is malformed or breaks the policy's rules */
    private RetentionPolicy retention() {
        RetentionPolicy.Builder policy = RetentionPolicy.builder();
        String[][] options = { { "--retention-raw", retentionRaw }, { "--retention-1m", retention1m },
                { "--retention-5m", retention5m }, { "--retention-1h", retention1h },
                { "--retention-1d", retention1d } };
        for (String[] option : options) {
            Resolution resolution = Resolution.fromLabel(option[0].substring("--retention-".length())).orElseThrow();
            try {
                policy.keep(resolution, RetentionPolicy.parse(option[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(option[0] + ": " + e.getMessage());
            }
        }
        try {
            return policy.build();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("--" + e.getMessage().replaceFirst("^retention ", "retention-"));
        }
    }
}
