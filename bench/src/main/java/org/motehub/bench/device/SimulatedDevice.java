// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.motehub.bench.stats.LatencyRecorder;
import org.motehub.demo.firmware.FirmwareDownloader;
import org.motehub.demo.firmware.PskCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated LwM2M device: its own UDP socket, DTLS connector and PSK identity (so its own DTLS session), a CoAP
 * endpoint that runs on the fleet's shared executors, and a tiny object tree ({@code /3/0}, {@code /3303/0/5700}).
 * It registers, updates and deregisters with real LwM2M requests, answers reads and observes, and sends
 * notifications when asked. Its object 5 pulls firmware (see {@link FirmwareObject}) and, once flashed, it registers
 * again as a rebooted device does.
 */
public final class SimulatedDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    /** The firmware version every device runs at first. */
    public static final String INITIAL_VERSION = "1.0.0";

    /** The objects the device announces when it registers. */
    static final String OBJECT_LINKS = "</1/0>,</3/0>,</5/0>,</3303/0>";

    private final String endpoint;
    private final CoapEndpoint coapEndpoint;
    private final CoapServer coapServer;
    private final TemperatureResource temperature = new TemperatureResource();
    private final ScheduledExecutorService timer;
    private final long deadlineMillis;
    private final FirmwareObject firmware;
    private volatile InetSocketAddress server;
    private volatile int lifetimeSeconds;
    private volatile List<String> location = List.of();

    SimulatedDevice(String endpoint, String identity, byte[] key, Configuration configuration,
            ScheduledExecutorService mainExecutor, ScheduledExecutorService secondaryExecutor, long deadlineMillis,
            FirmwareDownloader downloader, FirmwareStats firmwareStats) {
        this.endpoint = endpoint;
        this.timer = secondaryExecutor;
        this.deadlineMillis = deadlineMillis;
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).setLoggingTag(endpoint).build();
        DTLSConnector connector = new DTLSConnector(dtls);
        connector.setExecutor(mainExecutor);
        this.coapEndpoint = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(connector)
                .setLoggingTag(endpoint).build();
        this.coapServer = new CoapServer(configuration);
        coapServer.addEndpoint(coapEndpoint);
        coapServer.setExecutors(mainExecutor, secondaryExecutor, true);
        this.firmware = new FirmwareObject(endpoint, new PskCredentials(identity, key), INITIAL_VERSION, downloader,
                firmwareStats, secondaryExecutor, this::reboot);
        CoapResource device = new CoapResource("3");
        device.add(new DeviceObjectResource(endpoint, firmware::version));
        CoapResource firmwareObject = new CoapResource("5");
        firmwareObject.add(firmware.instance());
        CoapResource sensor = new CoapResource("3303");
        CoapResource sensorInstance = new CoapResource("0");
        sensorInstance.add(temperature);
        sensor.add(sensorInstance);
        coapServer.add(device, firmwareObject, sensor);
    }

    /** Binds the device's socket and starts its receiver thread. */
    void start() throws IOException {
        coapServer.start();
        if (!coapEndpoint.isStarted()) {
            throw new IOException("device " + endpoint + " could not bind its socket");
        }
    }

    /** Closes the socket and forgets the DTLS session; the shared executors stay. */
    void destroy() {
        coapServer.destroy();
    }

    /** @return the LwM2M endpoint name. */
    public String endpoint() {
        return endpoint;
    }

    /** @return whether the device holds a registration location (it registered and has not deregistered). */
    public boolean isRegistered() {
        return !location.isEmpty();
    }

    /** @return whether the server observes the temperature value. */
    public boolean isObserved() {
        return temperature.getObserverCount() > 0;
    }

    /**
     * Sends a LwM2M Register ({@code POST /rd?ep=..&lt=..&lwm2m=1.1&b=U}, CoRE link payload); the first one makes
     * the DTLS handshake. Completes normally only on {@code 2.01 Created}.
     */
    public CompletableFuture<Void> register(InetSocketAddress serverAddress, int lifetimeSeconds) {
        this.server = serverAddress;
        this.lifetimeSeconds = lifetimeSeconds;
        Request request = Request.newPost();
        request.setDestinationContext(new AddressEndpointContext(serverAddress));
        request.getOptions().addUriPath("rd").addUriQuery("ep=" + endpoint).addUriQuery("lt=" + lifetimeSeconds)
                .addUriQuery("lwm2m=1.1").addUriQuery("b=U")
                .setContentFormat(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
        request.setPayload(OBJECT_LINKS);
        return call(request, ResponseCode.CREATED).thenAccept(r -> location = r.getOptions().getLocationPath());
    }

    /** Registers again with the server of the last Register (after a failed Update). */
    public CompletableFuture<Void> registerAgain(int lifetimeSeconds) {
        InetSocketAddress last = server;
        if (last == null) {
            return notRegistered();
        }
        return register(last, lifetimeSeconds);
    }

    /** Sends a registration Update (POST to the registration's location, no payload); expects {@code 2.04}. */
    public CompletableFuture<Void> update() {
        if (!isRegistered()) {
            return notRegistered();
        }
        return call(toLocation(Request.newPost()), ResponseCode.CHANGED).thenAccept(r -> { });
    }

    /** Sends a Deregister (DELETE of the registration's location); expects {@code 2.02}. */
    public CompletableFuture<Void> deregister() {
        if (!isRegistered()) {
            return notRegistered();
        }
        return call(toLocation(Request.newDelete()), ResponseCode.DELETED).thenAccept(r -> location = List.of());
    }

    /** @return the firmware version the device runs now. */
    public String firmwareVersion() {
        return firmware.version();
    }

    /** After flashing: deregister and register again, as a device that restarts with its new firmware. */
    private void reboot() {
        CompletableFuture<Void> down = isRegistered() ? deregister() : CompletableFuture.completedFuture(null);
        down.handle((ok, error) -> null).thenCompose(x -> registerAgain(lifetimeSeconds)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.info("[{}] could not register again after its firmware update: {}", endpoint, e.getMessage());
            }
        });
    }

    /**
     * Changes the temperature and notifies the server if it observes it.
     *
     * @param recorder where the notification's acknowledgement time goes
     * @return false if the server does not observe the value
     */
    public boolean notifyTemperature(LatencyRecorder recorder) {
        return temperature.change(recorder);
    }

    private CompletableFuture<Void> notRegistered() {
        return CompletableFuture.failedFuture(new IllegalStateException("device " + endpoint + " is not registered"));
    }

    private Request toLocation(Request request) {
        List<String> path = location;
        request.setDestinationContext(new AddressEndpointContext(server));
        path.forEach(request.getOptions()::addUriPath);
        return request;
    }

    private CompletableFuture<Response> call(Request request, ResponseCode expected) {
        return CoapCalls.send(coapEndpoint, request, deadlineMillis, timer).thenApply(r -> {
            if (r.getCode() != expected) {
                throw new CompletionException(new IllegalStateException(endpoint + ": " + request.getCode() + " "
                        + request.getOptions().getUriPathString() + " answered " + r.getCode()));
            }
            return r;
        });
    }

    @Override
    public String toString() {
        return endpoint;
    }
}
