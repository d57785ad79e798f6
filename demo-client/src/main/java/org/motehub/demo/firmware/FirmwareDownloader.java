// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.CoapStackFactory;
import org.eclipse.californium.core.network.Outbox;
import org.eclipse.californium.core.network.stack.BaseCoapStack;
import org.eclipse.californium.core.network.stack.CongestionControlLayer;
import org.eclipse.californium.core.network.stack.ExchangeCleanupLayer;
import org.eclipse.californium.core.network.stack.Layer;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a firmware package from a {@code coap://} or {@code coaps://} URI, block by block (RFC 7959 Block2, early
 * negotiation of the block size), on an endpoint of its own: for coaps, a Scandium DTLS connector with the device's
 * DM pre-shared key. Asynchronous: {@link #start} returns at once and the listener hears the outcome.
 * <p>
 * The downloader asks for each block itself (its CoAP stack has no transparent block-wise layer), so it always knows
 * how many bytes it holds. When a block times out it waits, opens a fresh endpoint (a new DTLS handshake, in case the
 * server lost the session) and asks for the same block again, up to {@link Settings#retries()} times in a row; then it
 * fails with Update Result 4. The endpoint is closed when the download ends. All work runs on the given executor,
 * which the downloader never shuts down, so a fleet of devices can share one pool.
 */
public final class FirmwareDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareDownloader.class);

    /** A CoAP stack without Californium's transparent block-wise layer: each block is a request of its own. */
    private static final CoapStackFactory BLOCK_BY_BLOCK = (protocol, tag, config, outbox, argument) -> //
            new BlockByBlockCoapStack(tag, config, outbox);

    /** CoAP's ACK_RANDOM_FACTOR (Californium's ACK_INIT_RANDOM), set explicitly: the watchdog depends on it. */
    private static final float ACK_RANDOM_FACTOR = 1.5f;

    private final ScheduledExecutorService executor;
    private final Settings settings;

    /**
     * How a download behaves.
     *
     * @param blockSize the block size asked for by early negotiation: 512 or 1024 (the server may answer smaller)
     * @param ackTimeout CoAP's initial retransmission timeout (also DTLS's)
     * @param maxRetransmit CoAP retransmissions of one block request before it times out
     * @param retries how many times in a row a failed block is asked for again (on a fresh endpoint) before the
     *        download fails with Update Result 4
     * @param retryDelay the wait before each retry
     * @param maxImageSize the most bytes accepted; a larger package fails with Update Result 2 (not enough flash)
     */
    public record Settings(int blockSize, Duration ackTimeout, int maxRetransmit, int retries, Duration retryDelay,
            int maxImageSize) {

        /** Most bytes of a package by default: 16 MiB. */
        public static final int DEFAULT_MAX_IMAGE_SIZE = 16 * 1024 * 1024;

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public Settings {
            if (blockSize != 512 && blockSize != 1024) {
                throw new IllegalArgumentException("blockSize must be 512 or 1024 but was [" + blockSize + "]");
            }
            Objects.requireNonNull(ackTimeout, "ackTimeout");
            Objects.requireNonNull(retryDelay, "retryDelay");
            if (ackTimeout.toMillis() < 1 || maxRetransmit < 0 || retries < 0 || retryDelay.isNegative()
                    || maxImageSize < 1) {
                throw new IllegalArgumentException("ackTimeout >= 1 ms, maxRetransmit >= 0, retries >= 0, "
                        + "retryDelay >= 0 and maxImageSize >= 1 expected: " + this);
            }
        }

        /**
         * Returns the defaults: 1024-byte blocks, ACK timeout 2 s with 3 retransmissions (a block times out after
         * about 30 s), 3 retries 2 s apart, at most 16 MiB.
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return new Settings(1024, Duration.ofSeconds(2), 3, 3, Duration.ofSeconds(2), DEFAULT_MAX_IMAGE_SIZE);
        }
    }

    /** Hears how a download goes; called on the downloader's executor, never twice with an outcome. */
    public interface Listener {

        /**
         * Some bytes arrived.
         *
         * @param received bytes received so far
         * @param total the package size if the server told it (Size2), else -1
         */
        void progress(long received, long total);

        /**
         * The whole package arrived.
         *
         * @param image the package
         */
        void completed(byte[] image);

        /**
         * The download failed for good.
         *
         * @param result the Update Result to report
         * @param reason what happened, for the log
         */
        void failed(UpdateResult result, String reason);
    }

    /** A running download. */
    public interface Download {
        /** Stops the download without calling the listener again; idempotent. */
        void cancel();
    }

    /**
     * Creates a downloader.
     *
     * @param executor runs the endpoints, the DTLS connectors and the retries; never shut down by the downloader
     * @param settings how downloads behave
     * @throws NullPointerException if an argument is null
     */
    public FirmwareDownloader(ScheduledExecutorService executor, Settings settings) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Checks a Package URI before downloading: what the device would report at once.
     *
     * @param uri the Package URI as written
     * @param credentials the device's DM credentials, needed for coaps
     * @return empty if it can be downloaded; else Update Result 7 (not a URI, no host, no path) or 9 (a scheme other
     *         than coap/coaps, or coaps without a pre-shared key)
     */
    public static Optional<UpdateResult> check(String uri, Optional<PskCredentials> credentials) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of(UpdateResult.INVALID_URI);
        }
        String scheme = parsed.getScheme();
        if (scheme == null || parsed.getHost() == null) {
            return Optional.of(UpdateResult.INVALID_URI);
        }
        if ("coaps".equalsIgnoreCase(scheme)) {
            return credentials.isPresent() ? Optional.empty() : Optional.of(UpdateResult.UNSUPPORTED_PROTOCOL);
        }
        return "coap".equalsIgnoreCase(scheme) ? Optional.empty() : Optional.of(UpdateResult.UNSUPPORTED_PROTOCOL);
    }

    /**
     * Starts a download in the background.
     *
     * @param endpoint the device's endpoint name, for the log
     * @param uri a URI that passed {@link #check(String, Optional)}
     * @param credentials the DM credentials (used for coaps)
     * @param abortAtFraction for failure injection: once this fraction of the package (of its Size2; after the first
     *        block if the server does not tell the size) arrived and more is to come, the download fails with Update
     *        Result 4; {@link Double#NaN} for never
     * @param listener hears the progress and the outcome
     * @return the running download
     * @throws IllegalArgumentException if the URI does not pass {@link #check(String, Optional)}
     */
    public Download start(String endpoint, String uri, Optional<PskCredentials> credentials, double abortAtFraction,
            Listener listener) {
        Optional<UpdateResult> problem = check(uri, credentials);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("cannot download [" + uri + "]: " + problem.get());
        }
        Transfer transfer = new Transfer(endpoint, URI.create(uri), credentials, abortAtFraction,
                Objects.requireNonNull(listener, "listener"));
        executor.execute(transfer::requestNext);
        return transfer;
    }

    /** One download: the bytes so far, the next block, and the endpoint of the current attempt. */
    private final class Transfer implements Download {

        private final String device;
        private final URI uri;
        private final Optional<PskCredentials> credentials;
        private final double abortAtFraction;
        private final Listener listener;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private int szx;
        private long total = -1;
        private int failuresInARow;
        private CoapEndpoint endpoint;
        private CoapClient client;
        private BlockHandler pending;
        private boolean finished;

        Transfer(String device, URI uri, Optional<PskCredentials> credentials, double abortAtFraction,
                Listener listener) {
            this.device = device;
            this.uri = uri;
            this.credentials = credentials;
            this.abortAtFraction = abortAtFraction;
            this.listener = listener;
            this.szx = BlockOption.size2Szx(settings.blockSize());
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            closeEndpoint();
            LOG.debug("device [{}] download of [{}] cancelled", device, uri);
        }

        void requestNext() {
            Request get;
            CoapClient current;
            BlockHandler handler;
            synchronized (this) {
                if (finished) {
                    return;
                }
                if (client == null) {
                    try {
                        openEndpoint();
                    } catch (IOException | RuntimeException e) {
                        attemptFailed("cannot open an endpoint: " + e);
                        return;
                    }
                }
                int next = (int) (received.size() / BlockOption.szx2Size(szx));
                get = Request.newGet();
                get.setURI(uri);
                get.getOptions().setBlock2(szx, false, next);
                if (next == 0) {
                    get.getOptions().setSize2(0); // ask the server to tell the total size
                }
                handler = new BlockHandler(get);
                this.pending = handler;
                current = client;
                // a watchdog, whatever Californium and Scandium do with an unreachable server (e.g. a handshake
                // that never completes)
                handler.watchdog = executor.schedule(() -> onError(handler, "no response within "
                        + attemptTimeout().toMillis() + " ms"), attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            current.advanced(handler, get);
        }

        void onLoad(BlockHandler handler, CoapResponse response) {
            Runnable outcome;
            synchronized (this) {
                if (finished || handler != pending) {
                    return;
                }
                pending = null;
                outcome = handle(response);
            }
            if (outcome != null) {
                outcome.run();
            }
        }

        void onError(BlockHandler handler, String reason) {
            synchronized (this) {
                if (finished || handler != pending) {
                    return;
                }
                pending = null;
                handler.request.cancel();
                attemptFailed(reason);
            }
        }

        /** Handles one block response; returns what to do outside the lock, or null. */
        private Runnable handle(CoapResponse response) {
            ResponseCode code = response.getCode();
            if (code.isServerError()) {
                attemptFailed("server answered " + code);
                return null;
            }
            if (!response.isSuccess()) {
                return finish(UpdateResult.INVALID_URI, "server answered " + code);
            }
            BlockOption block = response.getOptions().getBlock2();
            byte[] payload = response.getPayload();
            if (block == null) {
                // the whole package in one response
                received.reset();
                received.writeBytes(payload);
                return complete();
            }
            if (block.getOffset() != received.size()) {
                attemptFailed("server sent block " + block.getNum() + " (offset " + block.getOffset() + ") but "
                        + received.size() + " bytes are held");
                return null;
            }
            szx = block.getSzx(); // the server may have picked a smaller block size
            received.writeBytes(payload);
            failuresInARow = 0;
            if (response.getOptions().hasSize2()) {
                total = response.getOptions().getSize2();
            }
            if (received.size() > settings.maxImageSize()) {
                return finish(UpdateResult.NOT_ENOUGH_FLASH, "package exceeds " + settings.maxImageSize() + " bytes");
            }
            long receivedNow = received.size();
            long totalNow = total;
            if (!block.isM()) {
                return complete();
            }
            if (!Double.isNaN(abortAtFraction) && receivedNow >= abortAtFraction * Math.max(totalNow, 0)) {
                return finish(UpdateResult.CONNECTION_LOST, "injected failure after " + receivedNow + " bytes");
            }
            executor.execute(() -> listener.progress(receivedNow, totalNow));
            executor.execute(this::requestNext);
            return null;
        }

        private Runnable complete() {
            finished = true;
            byte[] image = received.toByteArray();
            closeEndpoint();
            LOG.info("device [{}] downloaded [{}] bytes from [{}]", device, image.length, uri);
            return () -> listener.completed(image);
        }

        private Runnable finish(UpdateResult result, String reason) {
            finished = true;
            closeEndpoint();
            LOG.info("device [{}] download from [{}] failed after [{}] bytes: [{}] {}", device, uri, received.size(),
                    result, reason);
            return () -> listener.failed(result, reason);
        }

        /** Called with the lock held: retries later on a fresh endpoint, or gives up. */
        private void attemptFailed(String reason) {
            closeEndpoint();
            failuresInARow++;
            if (failuresInARow > settings.retries()) {
                Runnable outcome = finish(UpdateResult.CONNECTION_LOST, reason + "; gave up after "
                        + settings.retries() + " retries");
                executor.execute(outcome);
                return;
            }
            LOG.debug("device [{}] download from [{}] at byte [{}]: {}; retry [{}/{}] in [{}]", device, uri,
                    received.size(), reason, failuresInARow, settings.retries(), settings.retryDelay());
            executor.schedule(this::requestNext, settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        }

        /** CoAP's MAX_TRANSMIT_WAIT for these settings, twice: room for a DTLS handshake before the request. */
        private Duration attemptTimeout() {
            long transmitWait = (long) (settings.ackTimeout().toMillis() * ((1L << (settings.maxRetransmit() + 1)) - 1)
                    * ACK_RANDOM_FACTOR);
            return Duration.ofMillis(2 * transmitWait);
        }

        /** Hears the response to one block request. */
        private final class BlockHandler implements CoapHandler {
            private final Request request;
            private ScheduledFuture<?> watchdog;

            BlockHandler(Request request) {
                this.request = request;
            }

            @Override
            public void onLoad(CoapResponse response) {
                cancelWatchdog();
                Transfer.this.onLoad(this, response);
            }

            @Override
            public void onError() {
                cancelWatchdog();
                Transfer.this.onError(this, "no response (timeout or transport error)");
            }

            private void cancelWatchdog() {
                ScheduledFuture<?> scheduled;
                synchronized (Transfer.this) {
                    scheduled = watchdog;
                }
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }

        private void openEndpoint() throws IOException {
            Configuration config = configuration();
            Connector connector;
            if ("coaps".equalsIgnoreCase(uri.getScheme())) {
                PskCredentials psk = credentials.orElseThrow();
                DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(config) //
                        .setAddress(new InetSocketAddress(0)) //
                        .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.key())) //
                        .build();
                DTLSConnector dtlsConnector = new DTLSConnector(dtls);
                dtlsConnector.setExecutor(executor);
                connector = dtlsConnector;
            } else {
                connector = new UDPConnector(new InetSocketAddress(0), config);
            }
            CoapEndpoint newEndpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector)
                    .setCoapStackFactory(BLOCK_BY_BLOCK).setLoggingTag("fw-" + device).build();
            newEndpoint.setExecutors(executor, executor);
            newEndpoint.start();
            CoapClient newClient = new CoapClient(uri);
            newClient.setEndpoint(newEndpoint);
            endpoint = newEndpoint;
            client = newClient;
        }

        private void closeEndpoint() {
            CoapEndpoint toClose = endpoint;
            endpoint = null;
            client = null;
            if (toClose != null) {
                // not on the endpoint's own thread, which may be the caller
                executor.execute(toClose::destroy);
            }
        }

        private Configuration configuration() {
            Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS,
                    UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
            long ackMillis = settings.ackTimeout().toMillis();
            config.set(CoapConfig.ACK_TIMEOUT, ackMillis, TimeUnit.MILLISECONDS);
            config.set(CoapConfig.MAX_RETRANSMIT, settings.maxRetransmit());
            config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
            config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
            config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, ackMillis, TimeUnit.MILLISECONDS);
            config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, settings.maxRetransmit());
            config.set(CoapConfig.ACK_INIT_RANDOM, ACK_RANDOM_FACTOR);
            config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
            config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
            return config;
        }
    }

    /** Exchange clean-up and reliability only: no observe, no transparent block-wise transfer. */
    private static final class BlockByBlockCoapStack extends BaseCoapStack {
        BlockByBlockCoapStack(String tag, Configuration config, Outbox outbox) {
            super(outbox);
            setLayers(new Layer[] { new ExchangeCleanupLayer(config),
                CongestionControlLayer.newImplementation(tag, config) });
        }
    }
}
