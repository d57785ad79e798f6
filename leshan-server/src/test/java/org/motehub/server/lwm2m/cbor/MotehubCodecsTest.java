// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.motehub.server.lwm2m.cbor.CborFixtures.MODEL;
import static org.motehub.server.lwm2m.cbor.CborFixtures.hex;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * Verifies that Motehub's encoder and decoder add LwM2M-CBOR to Leshan's formats under code 11544, reachable with the
 * format a CoAP option decodes to ({@code ContentFormat.fromCode}), and that LwM2M-CBOR is chosen for exactly the
 * devices that announce it.
 */
class MotehubCodecsTest {

    private static final ContentFormat FROM_WIRE = ContentFormat.fromCode(11544);

    @Test
    void leshan_m15_has_no_constant_for_11544_but_ours_equals_what_the_wire_gives() {
        assertThat(FROM_WIRE.getName()).isEqualTo("UNKNOWN");
        assertThat(MotehubCodecs.LWM2M_CBOR).isEqualTo(FROM_WIRE);
        assertThat(MotehubCodecs.LWM2M_CBOR.getMediaType()).isEqualTo("application/vnd.oma.lwm2m+cbor");
    }

    @Test
    void encoder_and_decoder_keep_leshans_formats_and_add_lwm2m_cbor() {
        LwM2mEncoder encoder = MotehubCodecs.encoder();
        LwM2mDecoder decoder = MotehubCodecs.decoder();
        for (ContentFormat f : new ContentFormat[] { FROM_WIRE, ContentFormat.TLV, ContentFormat.SENML_CBOR,
                ContentFormat.SENML_JSON, ContentFormat.TEXT, ContentFormat.CBOR }) {
            assertThat(encoder.isSupported(f)).as("encoder %s", f).isTrue();
            assertThat(decoder.isSupported(f)).as("decoder %s", f).isTrue();
        }
        assertThat(encoder.getSupportedContentFormat()).contains(MotehubCodecs.LWM2M_CBOR);
    }

    @Test
    void lwm2m_cbor_goes_through_leshans_codec_dispatch() {
        LwM2mPath path = new LwM2mPath("/3/0/9");
        byte[] payload = MotehubCodecs.encoder().encode(LwM2mSingleResource.newIntegerResource(9, 100), FROM_WIRE,
                path, MODEL);
        assertThat(hex(payload)).isEqualTo("a1830300091864");
        assertThat(MotehubCodecs.decoder().decode(payload, FROM_WIRE, path, MODEL))
                .isEqualTo(LwM2mSingleResource.newIntegerResource(9, 100));
        // LwM2M-CBOR carries no timestamps: Leshan falls back to the plain decoder and gives one untimed node
        assertThat(MotehubCodecs.decoder().decodeTimestampedData(payload, FROM_WIRE, path, MODEL)).singleElement()
                .satisfies(t -> assertThat(t.getTimestamp()).isNull());
    }

    @Test
    void lwm2m_cbor_is_preferred_only_for_devices_announcing_11544() {
        assertThat(MotehubCodecs.preferredFormat(registration(FROM_WIRE, ContentFormat.SENML_CBOR)))
                .contains(MotehubCodecs.LWM2M_CBOR);
        assertThat(MotehubCodecs.preferredFormat(registration(ContentFormat.SENML_CBOR, ContentFormat.TLV)))
                .isEmpty();
        assertThat(MotehubCodecs.preferredFormat(registration())).isEmpty();
    }

    private static Registration registration(ContentFormat... formats) {
        return new Registration.Builder("reg-1", "dev-1",
                new IpPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5684), new PskIdentity("id")),
                EndpointUriUtil.createUri("coaps://0.0.0.0:5684")).supportedContentFormats(formats).build();
    }
}
