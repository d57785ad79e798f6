// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.motehub.demo.firmware.DemoFirmwareImage;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.motehub.demo.firmware.FirmwareImageException;
import org.motehub.demo.firmware.PskCredentials;
import org.motehub.demo.firmware.UpdateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LwM2M object 5 (Firmware Update) instance 0 of a light bench device, pull only: a write of the Package URI
 * ({@code /5/0/1}) starts a Block2 download with the demo client's {@link FirmwareDownloader} under the device's own
 * PSK, the image's SHA-256 is checked, Update ({@code /5/0/2}) "flashes" it and the device registers again with the
 * new version in {@code /3/0/3}. State ({@code /5/0/3}) and Update Result ({@code /5/0/5}) are observable. Every
 * download's duration goes to the fleet's {@link FirmwareStats}.
 */
final class FirmwareObject {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareObject.class);
    private static final int TEXT = 0;
    private static final int SENML_JSON = 110;
    private static final DefaultLwM2mDecoder DECODER = new DefaultLwM2mDecoder();
    private static final StaticModel MODEL = new StaticModel(ObjectLoader.loadDefault());
    private static final long UPDATE_DELAY_MS = 100;

    private final String endpoint;
    private final PskCredentials credentials;
    private final FirmwareDownloader downloader;
    private final FirmwareStats stats;
    private final ScheduledExecutorService timer;
    private final Runnable reboot;
    private final CoapResource instance;
    private final CoapResource stateResource;
    private final CoapResource resultResource;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile int state;
    private volatile int result;
    private volatile String version;
    private volatile DemoFirmwareImage downloaded;

    /**
     * @param version the firmware version the device runs at first
     * @param reboot what the device does after flashing: register again
     */
    FirmwareObject(String endpoint, PskCredentials credentials, String version, FirmwareDownloader downloader,
            FirmwareStats stats, ScheduledExecutorService timer, Runnable reboot) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.version = version;
        this.downloader = downloader;
        this.stats = stats;
        this.timer = timer;
        this.reboot = reboot;
        this.instance = new InstanceResource();
        this.stateResource = new ValueResource("3", () -> state);
        this.resultResource = new ValueResource("5", () -> result);
        instance.add(new PackageUriResource(), new UpdateResource(), stateResource, resultResource,
                new ValueResource("7", () -> this.version), new ValueResource("9", () -> 0));
    }

    /** @return the resource {@code /5/0}, to add under {@code /5}. */
    CoapResource instance() {
        return instance;
    }

    /** @return the firmware version the device runs ({@code /3/0/3}). */
    String version() {
        return version;
    }

    private void setState(int newState, int newResult) {
        boolean stateChanged = state != newState;
        boolean resultChanged = result != newResult;
        state = newState;
        result = newResult;
        if (resultChanged) {
            resultResource.changed();
        }
        if (stateChanged) {
            stateResource.changed();
        }
    }

    private void startDownload(String uri) {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        setState(1, 0);
        downloader.start(endpoint, uri, Optional.of(credentials), Double.NaN, new FirmwareDownloader.Listener() {
            @Override
            public void progress(long received, long total) {
                // state stays Downloading
            }

            @Override
            public void completed(byte[] image) {
                try {
                    DemoFirmwareImage parsed = DemoFirmwareImage.parse(image);
                    parsed.verify(Optional.empty());
                    downloaded = parsed;
                    stats.downloaded(started, image.length);
                    busy.set(false);
                    setState(2, 0);
                } catch (FirmwareImageException e) {
                    fail(UpdateResult.INTEGRITY_CHECK_FAILURE, e.getMessage());
                }
            }

            @Override
            public void failed(UpdateResult reason, String why) {
                fail(reason, why);
            }

            private void fail(UpdateResult reason, String why) {
                stats.failed();
                LOG.info("Firmware download of [{}] failed: {} ({})", endpoint, reason, why);
                busy.set(false);
                setState(0, reason.code());
            }
        });
    }

    private void update() {
        DemoFirmwareImage image = downloaded;
        setState(3, 0);
        timer.schedule(() -> {
            version = image.version();
            downloaded = null;
            setState(0, 1);
            // let the State and Result notifications leave before the new registration
            timer.schedule(reboot, 200, TimeUnit.MILLISECONDS);
        }, UPDATE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** {@code /5/0}: the instance, readable as SenML-JSON. */
    private final class InstanceResource extends CoapResource {
        InstanceResource() {
            super("0");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            int accept = exchange.getRequestOptions().getAccept();
            if (accept != -1 && accept != SENML_JSON) {
                exchange.respond(ResponseCode.NOT_ACCEPTABLE);
                return;
            }
            String json = "[{\"bn\":\"/5/0/\",\"n\":\"3\",\"v\":" + state + "},{\"n\":\"5\",\"v\":" + result
                    + "},{\"n\":\"7\",\"vs\":\"" + version + "\"},{\"n\":\"8/0\",\"v\":1},{\"n\":\"9\",\"v\":0}]";
            exchange.respond(ResponseCode.CONTENT, json.getBytes(StandardCharsets.UTF_8), SENML_JSON);
        }
    }

    /** {@code /5/0/1}: Package URI; a write starts the download, an empty one resets to Idle. */
    private final class PackageUriResource extends CoapResource {
        PackageUriResource() {
            super("1");
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            String uri;
            try {
                int format = exchange.getRequestOptions().getContentFormat();
                LwM2mNode node = DECODER.decode(exchange.getRequestPayload(),
                        ContentFormat.fromCode(format == -1 ? TEXT : format), new LwM2mPath(5, 0, 1), MODEL);
                if (!(node instanceof LwM2mResource resource)) {
                    exchange.respond(ResponseCode.BAD_REQUEST, "a single resource expected, not " + node);
                    return;
                }
                uri = String.valueOf(resource.getValue());
            } catch (CodecException | IllegalArgumentException e) {
                exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage());
                return;
            }
            if (uri.isEmpty()) {
                if (state == 3) {
                    exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
                    return;
                }
                downloaded = null;
                setState(0, 0);
                exchange.respond(ResponseCode.CHANGED);
                return;
            }
            if (state != 0) {
                exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
                return;
            }
            exchange.respond(ResponseCode.CHANGED);
            startDownload(uri);
        }
    }

    /** {@code /5/0/2}: Update, executable in state Downloaded only. */
    private final class UpdateResource extends CoapResource {
        UpdateResource() {
            super("2");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            if (state != 2 || downloaded == null) {
                exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
                return;
            }
            exchange.respond(ResponseCode.CHANGED);
            update();
        }
    }

    /** A single resource read as plain text or SenML-JSON, observable with confirmable notifications. */
    private static final class ValueResource extends CoapResource {
        private final Supplier<Object> value;

        ValueResource(String name, Supplier<Object> value) {
            super(name);
            this.value = value;
            setObservable(true);
            setObserveType(CoAP.Type.CON);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            int accept = exchange.getRequestOptions().getAccept();
            Object v = value.get();
            if (accept == -1 || accept == TEXT) {
                exchange.respond(ResponseCode.CONTENT, String.valueOf(v), TEXT);
            } else if (accept == SENML_JSON) {
                String field = v instanceof Number ? "\"v\":" + v : "\"vs\":\"" + v + "\"";
                exchange.respond(ResponseCode.CONTENT, "[{\"bn\":\"/5/0/" + getName() + "\"," + field + "}]",
                        SENML_JSON);
            } else {
                exchange.respond(ResponseCode.NOT_ACCEPTABLE);
            }
        }
    }
}
