// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.firmware;

import java.security.Principal;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.CredentialsLookup;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareLink;
import org.motehub.model.firmware.FirmwareLinkStore;
import org.motehub.model.firmware.FirmwareRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /fw/{token}}: serves a firmware image block by block (Block2) to the one device its link was made for. The
 * device proves who it is with its DTLS PSK identity, which must belong to the link's endpoint through the device's
 * active DM credentials. Every block is read on its own from the repository, so any block can be fetched in any order
 * (a download resumes where it stopped) and a request costs one block of memory.
 *
 * <p>Answers: 4.01 without a DTLS PSK identity (plain CoAP), 4.04 for an unknown token, 4.03 for an expired link or a
 * peer that is not the link's device, 4.02 for a block past the end of the image, 2.05 with {@code Block2}, {@code
 * ETag} (first 8 bytes of the sha256) and {@code Size2} otherwise.
 */
public class FirmwareDownloadResource extends CoapResource {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareDownloadResource.class);
    /** Progress is reported each time the download crosses another multiple of this many percent. */
    private static final int PROGRESS_STEP = 10;

    private final FirmwareLinkStore links;
    private final FirmwareRepository repository;
    private final CredentialsLookup credentials;
    private final Clock clock;
    private final int maxSzx;
    private final DownloadProgressListener progress;
    /** token -> highest progress step reported, so that each step is reported once. */
    private final ConcurrentHashMap<String, Integer> reported = new ConcurrentHashMap<>();

    /**
     * @param coapConfig the CoAP server's configuration: blocks are never larger than its preferred block size or its
     *        maximum message size, so that Californium passes them through instead of re-splitting them
     * @param blockSize the block size served to devices that do not ask for a smaller one: a power of two, 16 to 1024
     * @throws IllegalArgumentException if {@code blockSize} is not a power of two between 16 and 1024
     * @throws NullPointerException if an argument is null
     */
    public FirmwareDownloadResource(FirmwareLinkStore links, FirmwareRepository repository,
            CredentialsLookup credentials, Clock clock, Configuration coapConfig, int blockSize,
            DownloadProgressListener progress) {
        super("fw");
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSize must be a power of two from 16 to 1024, not " + blockSize);
        }
        this.links = Objects.requireNonNull(links, "links");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
        int limit = Math.min(blockSize, Math.min(coapConfig.get(CoapConfig.PREFERRED_BLOCK_SIZE),
                coapConfig.get(CoapConfig.MAX_MESSAGE_SIZE)));
        this.maxSzx = BlockOption.size2Szx(Integer.highestOneBit(Math.max(16, limit)));
        getAttributes().setTitle("Firmware downloads");
        setVisible(false);
    }

    /** @return the largest block this resource serves, in bytes. */
    public int maxBlockSize() {
        return BlockOption.szx2Size(maxSzx);
    }

    /** Every {@code /fw/{token}} is handled here: the token is read from the request's path. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (!(peer instanceof PreSharedKeyIdentity psk)) {
            exchange.respond(ResponseCode.UNAUTHORIZED, "firmware is served over DTLS with the device's PSK only");
            return;
        }
        List<String> path = request.getOptions().getUriPath();
        Optional<FirmwareLink> found = path.size() == 2 ? links.find(path.get(1)) : Optional.empty();
        if (found.isEmpty()) {
            exchange.respond(ResponseCode.NOT_FOUND, "no such firmware link");
            return;
        }
        FirmwareLink link = found.get();
        String peerEndpoint = credentials.findByIdentity(psk.getIdentity()).map(c -> c.endpoint()).orElse(null);
        if (!link.endpoint().equals(peerEndpoint)) {
            LOG.warn("Firmware link of device [{}] refused to PSK identity [{}] (device [{}])", link.endpoint(),
                    psk.getIdentity(), peerEndpoint);
            exchange.respond(ResponseCode.FORBIDDEN, "this link is for another device");
            return;
        }
        if (link.expired(clock.instant())) {
            LOG.info("Device [{}] asked for its expired firmware link of update [{}]", link.endpoint(),
                    link.updateId());
            exchange.respond(ResponseCode.FORBIDDEN, "this link has expired");
            return;
        }
        serveBlock(exchange, request, link);
    }

    private void serveBlock(CoapExchange exchange, Request request, FirmwareLink link) {
        Firmware firmware;
        try {
            firmware = repository.get(link.firmwareId());
        } catch (NotFoundException e) {
            exchange.respond(ResponseCode.NOT_FOUND, "the firmware of this link no longer exists");
            return;
        }
        BlockOption asked = request.getOptions().getBlock2();
        int szx = asked == null ? maxSzx : Math.min(asked.getSzx(), maxSzx);
        int size = BlockOption.szx2Size(szx);
        long offset = asked == null ? 0 : asked.getOffset();
        if (offset > 0 && offset >= firmware.size()) {
            exchange.respond(ResponseCode.BAD_OPTION, "block " + asked.getNum() + " is past the end of the image ("
                    + firmware.size() + " bytes)");
            return;
        }
        byte[] block = repository.read(firmware.id(), offset, size);
        long end = offset + block.length;
        boolean more = end < firmware.size();
        int num = (int) (offset / size);
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(block);
        response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM)
                .setBlock2(szx, more, num).setSize2((int) Math.min(Integer.MAX_VALUE, firmware.size()))
                .addETag(etag(firmware));
        exchange.respond(response);
        LOG.debug("Served block {} ({} bytes at {}) of firmware [{}] to device [{}]", num, block.length, offset,
                firmware.id(), link.endpoint());
        report(link, firmware.size() == 0 ? 100 : (int) (end * 100 / firmware.size()));
    }

    private void report(FirmwareLink link, int percent) {
        int step = percent >= 100 ? 100 : percent / PROGRESS_STEP * PROGRESS_STEP;
        Integer before = reported.get(link.token());
        if (before != null && before >= step) {
            return;
        }
        if (before == null ? reported.putIfAbsent(link.token(), step) != null
                : !reported.replace(link.token(), before, step)) {
            return; // another block of the same link reported at the same time; the next block reports again
        }
        if (step == 100) {
            reported.remove(link.token());
            LOG.info("Device [{}] fetched the last block of firmware [{}]", link.endpoint(), link.firmwareId());
        }
        try {
            progress.progressed(link, step);
        } catch (RuntimeException e) {
            LOG.warn("Download progress of device [{}] not recorded", link.endpoint(), e);
        }
    }

    /** @return the first 8 bytes of the image's sha256: the same image always has the same ETag. */
    static byte[] etag(Firmware firmware) {
        return HexFormat.of().parseHex(firmware.sha256().substring(0, 16));
    }
}
