// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.motehub.model.firmware.DefaultFirmwareRepository;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.telemetry.RetentionPolicy;
import org.motehub.server.firmware.FirmwareDeliverySettings;

/**
 * Everything that configures one Motehub server, validated once. Immutable; made by {@link #builder()}. Port 0 means
 * "any free port" (tests), port -1 turns an endpoint off.
 */
public final class ServerSettings {

    private final Path dataDir;
    private final String httpHost;
    private final int httpPort;
    private final String coapHost;
    private final int coapPort;
    private final int coapsPort;
    private final Path modelsDir;
    private final boolean fsync;
    private final Duration requestTimeout;
    private final RetentionPolicy retention;
    private final int bootstrapCoapPort;
    private final int bootstrapCoapsPort;
    private final URI publicCoapsUri;
    private final int dmKeyBytes;
    private final Path firmwareKeysDir;
    private final SigningMode firmwareSigning;
    private final long firmwareMaxBytes;
    private final FirmwareDeliverySettings firmwareDelivery;

    private ServerSettings(Builder b) {
        this.dataDir = b.dataDir;
        this.httpHost = b.httpHost;
        this.httpPort = b.httpPort;
        this.coapHost = b.coapHost;
        this.coapPort = b.coapPort;
        this.coapsPort = b.coapsPort;
        this.modelsDir = b.modelsDir;
        this.fsync = b.fsync;
        this.requestTimeout = b.requestTimeout;
        this.retention = b.retention;
        this.bootstrapCoapPort = b.bootstrapCoapPort;
        this.bootstrapCoapsPort = b.bootstrapCoapsPort;
        this.publicCoapsUri = b.publicCoapsUri;
        this.dmKeyBytes = b.dmKeyBytes;
        this.firmwareKeysDir = b.firmwareKeysDir != null ? b.firmwareKeysDir : b.dataDir.resolve("firmware-keys");
        this.firmwareSigning = b.firmwareSigning;
        this.firmwareMaxBytes = b.firmwareMaxBytes;
        this.firmwareDelivery = b.firmwareDelivery;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String httpHost() {
        return httpHost;
    }

    public int httpPort() {
        return httpPort;
    }

    /** @return the CoAP (no security) bind address, empty when plain CoAP is off. */
    public Optional<InetSocketAddress> coapAddress() {
        return coapPort < 0 ? Optional.empty() : Optional.of(new InetSocketAddress(coapHost, coapPort));
    }

    /** @return the CoAPS (DTLS) bind address, empty when CoAPS is off. */
    public Optional<InetSocketAddress> coapsAddress() {
        return coapsPort < 0 ? Optional.empty() : Optional.of(new InetSocketAddress(coapHost, coapsPort));
    }

    public Optional<Path> modelsDir() {
        return Optional.ofNullable(modelsDir);
    }

    public boolean fsync() {
        return fsync;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return how long each resolution of the telemetry time series is kept. */
    public RetentionPolicy retention() {
        return retention;
    }

    /** @return the bootstrap server's plain CoAP bind address, empty when off. */
    public Optional<InetSocketAddress> bootstrapCoapAddress() {
        return bootstrapCoapPort < 0 ? Optional.empty() : Optional.of(new InetSocketAddress(coapHost,
                bootstrapCoapPort));
    }

    /** @return the bootstrap server's CoAPS bind address, empty when off. */
    public Optional<InetSocketAddress> bootstrapCoapsAddress() {
        return bootstrapCoapsPort < 0 ? Optional.empty() : Optional.of(new InetSocketAddress(coapHost,
                bootstrapCoapsPort));
    }

    /** @return whether the bootstrap server runs (on one port at least). */
    public boolean bootstrapEnabled() {
        return bootstrapCoapPort >= 0 || bootstrapCoapsPort >= 0;
    }

    /** @return the DM server URI to write into devices, when set explicitly. */
    public Optional<URI> publicCoapsUri() {
        return Optional.ofNullable(publicCoapsUri);
    }

    /** @return the length of generated DM and bootstrap keys, in bytes. */
    public int dmKeyBytes() {
        return dmKeyBytes;
    }

    /** @return the folder of trusted firmware signing keys (PEM files). */
    public Path firmwareKeysDir() {
        return firmwareKeysDir;
    }

    /** @return whether uploaded firmware must be signed. */
    public SigningMode firmwareSigning() {
        return firmwareSigning;
    }

    /** @return the largest firmware image accepted, in bytes. */
    public long firmwareMaxBytes() {
        return firmwareMaxBytes;
    }

    /** @return the deadlines of firmware delivery steps, the pull link lifetime and the /fw block size. */
    public FirmwareDeliverySettings firmwareDelivery() {
        return firmwareDelivery;
    }

    /** Builds {@link ServerSettings}; every setter names its default. */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private String httpHost = "127.0.0.1";
        private int httpPort = 8080;
        private String coapHost = "0.0.0.0";
        private int coapPort = 5683;
        private int coapsPort = 5684;
        private Path modelsDir;
        private boolean fsync;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private RetentionPolicy retention = RetentionPolicy.defaults();
        private int bootstrapCoapPort = 5783;
        private int bootstrapCoapsPort = 5784;
        private URI publicCoapsUri;
        private int dmKeyBytes = 16;
        private Path firmwareKeysDir;
        private SigningMode firmwareSigning = SigningMode.REQUIRED;
        private long firmwareMaxBytes = DefaultFirmwareRepository.DEFAULT_MAX_IMAGE_BYTES;
        private FirmwareDeliverySettings firmwareDelivery = FirmwareDeliverySettings.defaults();

        private Builder() {
        }

        /** Firmware delivery deadlines, link lifetime, /fw block size. Default {@link FirmwareDeliverySettings#defaults()}. */
        public Builder firmwareDelivery(FirmwareDeliverySettings firmwareDelivery) {
            this.firmwareDelivery = Objects.requireNonNull(firmwareDelivery, "firmwareDelivery");
            return this;
        }

        /** Folder of trusted firmware signing keys, one PEM file per key. Default {@code <dataDir>/firmware-keys}. */
        public Builder firmwareKeysDir(Path dir) {
            this.firmwareKeysDir = dir;
            return this;
        }

        /** Whether uploaded firmware must be signed. Default {@link SigningMode#REQUIRED}. */
        public Builder firmwareSigning(SigningMode mode) {
            this.firmwareSigning = Objects.requireNonNull(mode, "firmwareSigning");
            return this;
        }

        /** Largest firmware image accepted, 1 byte to 256 MiB. Default 16 MiB. */
        public Builder firmwareMaxBytes(long bytes) {
            this.firmwareMaxBytes = bytes;
            return this;
        }

        /** Bootstrap server's plain CoAP port, -1 for none. Default 5783. */
        public Builder bootstrapCoapPort(int port) {
            this.bootstrapCoapPort = port;
            return this;
        }

        /** Bootstrap server's CoAPS port, -1 for none. Default 5784. */
        public Builder bootstrapCoapsPort(int port) {
            this.bootstrapCoapsPort = port;
            return this;
        }

        /**
         * DM server URI written into devices at bootstrap ({@code coaps://host:port}). Default none: derived from
         * the CoAPS endpoint, with 127.0.0.1 for a wildcard bind address.
         */
        public Builder publicCoapsUri(URI uri) {
            this.publicCoapsUri = uri;
            return this;
        }

        /** Length of generated keys in bytes, 16 to 64. Default 16. */
        public Builder dmKeyBytes(int bytes) {
            this.dmKeyBytes = bytes;
            return this;
        }

        /** Folder of the RocksDB store and DTLS snapshots. Default {@code ./data}. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** HTTP bind address. Default {@code 127.0.0.1} (the API has no authentication yet). */
        public Builder httpHost(String host) {
            this.httpHost = Objects.requireNonNull(host, "httpHost");
            return this;
        }

        /** HTTP port. Default 8080. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** CoAP and CoAPS bind address. Default {@code 0.0.0.0}. */
        public Builder coapHost(String host) {
            this.coapHost = Objects.requireNonNull(host, "coapHost");
            return this;
        }

        /** Plain CoAP port, -1 for none. Default 5683. */
        public Builder coapPort(int port) {
            this.coapPort = port;
            return this;
        }

        /** CoAPS (DTLS) port, -1 for none. Default 5684. */
        public Builder coapsPort(int port) {
            this.coapsPort = port;
            return this;
        }

        /** Extra folder of LwM2M object models (DDF XML files). Default none: Leshan's bundled models only. */
        public Builder modelsDir(Path dir) {
            this.modelsDir = dir;
            return this;
        }

        /** Whether each write is fsynced before it is acknowledged. Default false (WAL without fsync). */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** How long a device has to answer one request. Default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /** Telemetry retention per resolution. Default raw 7 days, 1m 30 days, 5m 90 days, 1h 1 year, 1d forever. */
        public Builder retention(RetentionPolicy retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * @throws IllegalStateException naming the first bad setting
         */
        public ServerSettings build() {
            checkPort("httpPort", httpPort, false);
            checkPort("coapPort", coapPort, true);
            checkPort("coapsPort", coapsPort, true);
            if (coapPort < 0 && coapsPort < 0) {
                throw new IllegalStateException("at least one of coapPort and coapsPort must be enabled");
            }
            if (coapPort > 0 && coapPort == coapsPort) {
                throw new IllegalStateException("coapPort and coapsPort must differ, both are " + coapPort);
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalStateException("requestTimeout must be positive");
            }
            checkPort("bootstrapCoapPort", bootstrapCoapPort, true);
            checkPort("bootstrapCoapsPort", bootstrapCoapsPort, true);
            java.util.List<Integer> used = new java.util.ArrayList<>();
            for (int port : new int[] { coapPort, coapsPort, bootstrapCoapPort, bootstrapCoapsPort }) {
                if (port > 0 && used.contains(port)) {
                    throw new IllegalStateException("the CoAP, CoAPS and bootstrap ports must differ; " + port
                            + " is used twice");
                }
                used.add(port);
            }
            if (bootstrapCoapsPort >= 0 && coapsPort < 0 && publicCoapsUri == null) {
                throw new IllegalStateException("the bootstrap server hands out DTLS credentials: it needs coapsPort "
                        + "or publicCoapsUri");
            }
            if (publicCoapsUri != null && (!"coaps".equals(publicCoapsUri.getScheme())
                    || publicCoapsUri.getHost() == null || publicCoapsUri.getPort() < 1)) {
                throw new IllegalStateException("publicCoapsUri must be coaps://host:port, not " + publicCoapsUri);
            }
            if (dmKeyBytes < 16 || dmKeyBytes > 64) {
                throw new IllegalStateException("dmKeyBytes must be 16 to 64, not " + dmKeyBytes);
            }
            if (firmwareMaxBytes < 1 || firmwareMaxBytes > DefaultFirmwareRepository.MAX_IMAGE_BYTES_LIMIT) {
                throw new IllegalStateException("firmwareMaxBytes must be 1 to "
                        + DefaultFirmwareRepository.MAX_IMAGE_BYTES_LIMIT + ", not " + firmwareMaxBytes);
            }
            return new ServerSettings(this);
        }

        private static void checkPort(String name, int port, boolean mayBeOff) {
            if (port > 65535 || port < (mayBeOff ? -1 : 0)) {
                throw new IllegalStateException(name + " must be 0 to 65535" + (mayBeOff ? " or -1 for off" : "")
                        + ", not " + port);
            }
        }
    }
}
