// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.ProfileContentFormat;
import org.motehub.server.lwm2m.cbor.MotehubCodecs;

/** Which formats a profile may prefer, and which one a device is asked for. */
class ProfileContentFormatsTest {

    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09Z");

    private static Registration device(LwM2mVersion version, ContentFormat... formats) {
        return new Registration.Builder("reg-1", "dev-1",
                new IpPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5684), new PskIdentity("id")),
                EndpointUriUtil.createUri("coaps://0.0.0.0:5684")).lwM2mVersion(version)
                .supportedContentFormats(formats).build();
    }

    private static DeviceProfile profile(boolean composite, String format) {
        return new DeviceProfile("p", null, List.of(), composite, format, null, null, 1, T0, T0);
    }

    @Test
    void supported_formats_follow_the_codecs() {
        assertThat(new ProfileContentFormats(new DefaultLwM2mEncoder(), new DefaultLwM2mDecoder()).supported())
                .containsExactly(ProfileContentFormat.TLV, ProfileContentFormat.SENML_JSON,
                        ProfileContentFormat.SENML_CBOR);
        assertThat(new ProfileContentFormats(MotehubCodecs.encoder(), MotehubCodecs.decoder()).supported())
                .isEqualTo(EnumSet.allOf(ProfileContentFormat.class));
    }

    @Test
    void the_preferred_format_is_asked_for_only_when_the_device_announces_it() {
        ProfileContentFormats formats = new ProfileContentFormats(new DefaultLwM2mEncoder(),
                new DefaultLwM2mDecoder());

        assertThat(formats.forSingle(profile(false, "SENML_JSON"), device(LwM2mVersion.V1_1, ContentFormat.TLV,
                ContentFormat.SENML_JSON))).isEqualTo(ContentFormat.SENML_JSON);
        assertThat(formats.forSingle(profile(false, "SENML_JSON"), device(LwM2mVersion.V1_1, ContentFormat.TLV)))
                .isNull();
        assertThat(formats.forSingle(profile(false, null), device(LwM2mVersion.V1_1, ContentFormat.TLV))).isNull();
        assertThat(formats.forSingle(profile(false, "LWM2M_CBOR"), device(LwM2mVersion.V1_1, ContentFormat
                .fromCode(11544)))).isNull();
    }

    @Test
    void composite_is_used_on_lwm2m_1_1_devices_with_a_shared_senml_format_only() {
        ProfileContentFormats formats = new ProfileContentFormats(MotehubCodecs.encoder(), MotehubCodecs.decoder());
        Registration v11 = device(LwM2mVersion.V1_1, ContentFormat.TLV, ContentFormat.SENML_JSON,
                ContentFormat.SENML_CBOR, ContentFormat.fromCode(11544));

        assertThat(formats.forComposite(profile(true, "LWM2M_CBOR"), v11)).isEqualTo(ContentFormat.fromCode(11544));
        assertThat(formats.forComposite(profile(true, "TLV"), v11)).isEqualTo(ContentFormat.SENML_CBOR);
        assertThat(formats.forComposite(profile(true, null), device(LwM2mVersion.V1_1, ContentFormat.SENML_JSON)))
                .isEqualTo(ContentFormat.SENML_JSON);
        assertThat(formats.forComposite(profile(false, "SENML_CBOR"), v11)).isNull();
        assertThat(formats.forComposite(profile(true, "SENML_CBOR"), device(LwM2mVersion.V1_0, ContentFormat.TLV,
                ContentFormat.SENML_CBOR))).isNull();
        assertThat(formats.forComposite(profile(true, null), device(LwM2mVersion.V1_1, ContentFormat.TLV)))
                .isNull();
    }
}
