// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Resource {@code /3/0} (LwM2M Device object instance) of one simulated device, readable as SenML-JSON (content
 * format 110), which a LwM2M 1.1 server decodes for an object instance; its Firmware Version ({@code /3/0/3}) also
 * alone.
 */
final class DeviceObjectResource extends CoapResource {

    private static final int TEXT = 0;
    private static final int SENML_JSON = 110;

    private final String endpoint;
    private final Supplier<String> firmwareVersion;

    /** @param firmwareVersion the version the device runs now ({@code /3/0/3}), which a firmware update changes */
    DeviceObjectResource(String endpoint, Supplier<String> firmwareVersion) {
        super("0");
        this.endpoint = endpoint;
        this.firmwareVersion = firmwareVersion;
        add(new FirmwareVersionResource());
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        int accept = exchange.getRequestOptions().getAccept();
        if (accept != -1 && accept != SENML_JSON) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE);
            return;
        }
        String payload = "[{\"bn\":\"/3/0/\",\"n\":\"0\",\"vs\":\"Motehub bench\"},"
                + "{\"n\":\"1\",\"vs\":\"light device\"},"
                + "{\"n\":\"2\",\"vs\":\"" + endpoint + "\"},{\"n\":\"3\",\"vs\":\"" + firmwareVersion.get() + "\"},"
                + "{\"n\":\"11/0\",\"v\":0},{\"n\":\"16\",\"vs\":\"U\"}]";
        exchange.respond(ResponseCode.CONTENT, payload.getBytes(StandardCharsets.UTF_8), SENML_JSON);
    }

    /** {@code /3/0/3} alone, as plain text or SenML-JSON: what a server reads to check a firmware update. */
    private final class FirmwareVersionResource extends CoapResource {
        FirmwareVersionResource() {
            super("3");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            int accept = exchange.getRequestOptions().getAccept();
            if (accept == -1 || accept == TEXT) {
                exchange.respond(ResponseCode.CONTENT, firmwareVersion.get(), TEXT);
            } else if (accept == SENML_JSON) {
                exchange.respond(ResponseCode.CONTENT,
                        "[{\"bn\":\"/3/0/3\",\"vs\":\"" + firmwareVersion.get() + "\"}]", SENML_JSON);
            } else {
                exchange.respond(ResponseCode.NOT_ACCEPTABLE);
            }
        }
    }
}
