// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.nio.charset.StandardCharsets;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Resource {@code /3/0} (LwM2M Device object instance) of one simulated device, readable as SenML-JSON (content
 * format 110), which a LwM2M 1.1 server decodes for an object instance.
 */
final class DeviceObjectResource extends CoapResource {

    private static final int SENML_JSON = 110;

    private final byte[] payload;

    DeviceObjectResource(String endpoint) {
        super("0");
        this.payload = ("[{\"bn\":\"/3/0/\",\"n\":\"0\",\"vs\":\"Motehub bench\"},"
                + "{\"n\":\"1\",\"vs\":\"light device\"},"
                + "{\"n\":\"2\",\"vs\":\"" + endpoint + "\"},{\"n\":\"3\",\"vs\":\"1.0.0\"},"
                + "{\"n\":\"11/0\",\"v\":0},{\"n\":\"16\",\"vs\":\"U\"}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        int accept = exchange.getRequestOptions().getAccept();
        if (accept != -1 && accept != SENML_JSON) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE);
            return;
        }
        exchange.respond(ResponseCode.CONTENT, payload, SENML_JSON);
    }
}
