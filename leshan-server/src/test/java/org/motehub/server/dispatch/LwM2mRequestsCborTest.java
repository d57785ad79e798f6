// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandStatus;
import org.motehub.model.command.CommandType;
import org.motehub.server.lwm2m.cbor.MotehubCodecs;
import org.motehub.server.objects.ObjectModels;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Verifies that reads, observes and writes are requested in LwM2M-CBOR from a device whose registration lists 11544
 * ({@code ct=}), and keep Leshan's defaults (no Accept, TLV writes) for other devices.
 */
class LwM2mRequestsCborTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private final LwM2mRequests requests = new LwM2mRequests(new VersionedModelProvider(ObjectModels.bundled()));

    private static Registration device(ContentFormat... formats) {
        return new Registration.Builder("reg-1", "dev-1",
                new IpPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5684), new PskIdentity("id")),
                EndpointUriUtil.createUri("coaps://0.0.0.0:5684")).supportedContentFormats(formats)
                .supportedObjects(Map.of(3, new Version("1.1"), 3303, new Version("1.1"))).build();
    }

    private static Command command(CommandType type, String path) {
        return new Command("0000000000000001", "dev-1", type, path,
                type == CommandType.WRITE ? JsonNodeFactory.instance.textNode("+02:00") : null, null, null,
                CommandStatus.PENDING, null, null, null, T0, null, null, T0.plusSeconds(60));
    }

    @Test
    void device_announcing_lwm2m_cbor_is_read_observed_and_written_with_it() {
        Registration cbor = device(ContentFormat.fromCode(11544), ContentFormat.SENML_CBOR);
        assertThat(((ReadRequest) requests.build(cbor, command(CommandType.READ, "/3/0"))).getContentFormat())
                .isEqualTo(MotehubCodecs.LWM2M_CBOR);
        assertThat(((ObserveRequest) requests.build(cbor, command(CommandType.OBSERVE, "/3303/0/5700")))
                .getContentFormat()).isEqualTo(MotehubCodecs.LWM2M_CBOR);
        assertThat(((WriteRequest) requests.build(cbor, command(CommandType.WRITE, "/3/0/14"))).getContentFormat())
                .isEqualTo(MotehubCodecs.LWM2M_CBOR);
    }

    @Test
    void other_devices_keep_leshans_defaults() {
        Registration senml = device(ContentFormat.SENML_CBOR, ContentFormat.TLV);
        assertThat(((ReadRequest) requests.build(senml, command(CommandType.READ, "/3/0"))).getContentFormat())
                .isNull();
        assertThat(((ObserveRequest) requests.build(senml, command(CommandType.OBSERVE, "/3303/0/5700")))
                .getContentFormat()).isNull();
        assertThat(((WriteRequest) requests.build(senml, command(CommandType.WRITE, "/3/0/14"))).getContentFormat())
                .isEqualTo(ContentFormat.TLV);
    }
}
