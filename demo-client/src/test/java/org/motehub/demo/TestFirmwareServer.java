// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A real Californium CoAP + Scandium DTLS-PSK server on loopback that serves firmware images under {@code /fw/<name>}
 * by Block2, like Motehub's firmware resource. It records which blocks were asked for and can stop at a chosen block
 * (and start again on the same ports), to test resumption.
 */
final class TestFirmwareServer implements AutoCloseable {

    private final AdvancedMultiPskStore pskStore = new AdvancedMultiPskStore();
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    /** Every Block2 request: name, szx, num. */
    final List<int[]> blockRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger gets = new AtomicInteger();
    private final int coapPort;
    private final int coapsPort;
    private final CoapServer server;
    private final CoapResource firmware = new CoapResource("fw");
    private volatile int stopAtBlock = -1;
    private volatile CountDownLatch stopped = new CountDownLatch(1);

    TestFirmwareServer() throws IOException {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 16 * 1024 * 1024);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        coapPort = freePort();
        coapsPort = freePort();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(config)
                .setAddress(new InetSocketAddress(loopback, coapsPort)).setAdvancedPskStore(pskStore).build();
        server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(loopback, coapPort)).build());
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls))
                .build());
        server.add(firmware);
        server.start();
    }

    void addPsk(String identity, byte[] key) {
        pskStore.setKey(identity, key);
    }

    /** Serves {@code image} at {@code /fw/<name>}. */
    void put(String name, byte[] image) {
        images.put(name, image.clone());
        if (firmware.getChild(name) == null) {
            firmware.add(new ImageResource(name));
        }
    }

    String coapsUri(String name) {
        return "coaps://127.0.0.1:" + coapsPort + "/fw/" + name;
    }

    String coapUri(String name) {
        return "coap://127.0.0.1:" + coapPort + "/fw/" + name;
    }

    /** Makes the server stop (without answering) when a request for block {@code num} (or later) arrives. */
    void stopAtBlock(int num) {
        stopped = new CountDownLatch(1);
        stopAtBlock = num;
    }

    boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    /** Starts the stopped server again, on the same ports. */
    void restart() {
        server.start();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private final class ImageResource extends CoapResource {
        ImageResource(String name) {
            super(name);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            gets.incrementAndGet();
            BlockOption block = exchange.getRequestOptions().getBlock2();
            int num = block == null ? 0 : block.getNum();
            blockRequests.add(new int[] { block == null ? -1 : block.getSzx(), num });
            if (stopAtBlock >= 0 && num >= stopAtBlock) {
                stopAtBlock = -1;
                // stop from another thread: this one belongs to the server
                new Thread(() -> {
                    server.stop();
                    stopped.countDown();
                }, "test-fw-server-stop").start();
                return;
            }
            byte[] image = images.get(getName());
            if (image == null) {
                exchange.respond(ResponseCode.NOT_FOUND);
                return;
            }
            // serve each block from the image (like a store read by offset), so that every block reaches this resource
            int size = Math.min(block == null ? 1024 : block.getSize(), 1024);
            int offset = num * size;
            if (offset >= image.length && image.length > 0) {
                exchange.respond(ResponseCode.BAD_OPTION);
                return;
            }
            int end = Math.min(image.length, offset + size);
            Response response = new Response(ResponseCode.CONTENT);
            response.setPayload(Arrays.copyOfRange(image, offset, end));
            response.getOptions().setBlock2(BlockOption.size2Szx(size), end < image.length, num);
            if (exchange.getRequestOptions().hasSize2()) {
                response.getOptions().setSize2(image.length);
            }
            exchange.respond(response);
        }
    }
}
