// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.SocketIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.server.registration.DefaultRegistrationDataExtractor;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationDataExtractor.RegistrationData;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored binary form v1 of {@link RegistrationCodec}: values captured as hex from the codec as it was first
 * landed (commit 4109fc8) must keep decoding to the same registrations, and registrations whose collections hold at
 * most one element (so no hash order is involved) must keep encoding to the very same bytes.
 */
class RegistrationCodecFormatTest {

    // captured with the codec of commit 4109fc8, before it was split into this package
    private static final String PSK_HEX = "01087265672d70736b1a636170746575722dc3a974c3a92de69db1e4baac2df09f9bb015"
            + "636f6170733a2f2f302e302e302e303a35363834010104c000020700b42c00021e70736b2d636170746575722dc3a974c3a9"
            + "2de69db1e4baac2df09f9bb00000019b7ca98d030000019b7cb81ce080ce891e0101010255010d2b33333630303030303030"
            + "30082f6c776d326d2f0c01072f6c776d326d00020372740c226f6d612e6c776d326d22036374192236302031313020313132"
            + "2031313534322031313534332201072f6c776d326d0101010476657204312e3101072f6c776d326d0201000001072f6c776d"
            + "326d0103010476657204312e3001072f6c776d326d0203000001072f6c776d326d01e719010476657204312e3101072f6c77"
            + "6d326d02e719000205706d696e03313005706d617803363001072f6c776d326d02e719010001072f6c776d326d01e8810201"
            + "0476657204322e3301072f6c776d326d02e881020700000a2f6465762f696e666f030372740922782e696e666f2206746974"
            + "6c650722496e666f2205666c616700020b4d6f74656875622d46770c312e322e332dc3a974c3a90461706e0c696f742e6578"
            + "616d706c6508acb401aeb401505478dc01e0010005d08304010203d0f707010c220201010106010100ce3301010105020100"
            + "02030002e7190002e7190102e88102070206756e736574000774656e616e740661636dc3a9";
    private static final String X509_HEX = "01097265672d78353039096465762d7835303915636f6170733a2f2f302e302e302e303a"
            + "3536383401011020010db800000000000000000000001700b42c14646576696365732e6578616d706c652e6f72670414434e"
            + "3d6465762d783530392c20e69db1e4baac0000019b696846000000019b696cd9e0d804010100045553510000022f0402022f"
            + "0103010476657204312e3102022f0203000002022f03e71900c42c0205706d696e02350367740532352e350001acb4010106"
            + "0101010102030000";
    private static final String RPK_HEX = "01087265672d72706b086465762d72706b15636f6170733a2f2f302e302e302e303a3536"
            + "3834010104c000020800bbb90200030345435b3059301306072a8648ce3d020106082a8648ce3d03010703420004f01f4048"
            + "88a595762c4d5b80a8fb35b0f9d7dc0537ee330b8bf02e6b8f6fc1f7f90228dfb2eb8608ff658a12538aba91aa21b16440d3"
            + "0ba3cab77036a1a76f0d0000000000000000ffffffffffffffff0001010102550200022f0200052f332f30000000000000";
    private static final String OSCORE_HEX = "010b7265672d6f73636f72650b6465762d6f73636f726511636f61703a2f2f5b3a3a5d3a"
            + "35363833010104c000020a00b32c00050301fe000000019b7ca98d030000019b7ca98d0380c60a010102024e0100022f0000"
            + "00010601010200010774656e616e740561636d65";
    private static final String UNSECURE_HEX = "01087265672d6d696e026411636f61703a2f2f5b3a3a5d3a35363833010110fe80"
            + "000000"
            + "000000000000000000000103febb0300010110fe80000000000000000000000000000103febb030000019b7ca98d03000001"
            + "9b7ca9906f80c60a01010002550000022f000000000000";

    /** An EC secp256r1 public key, X.509 SubjectPublicKeyInfo, generated once. */
    private static final String RPK_KEY_HEX = "3059301306072a8648ce3d020106082a8648ce3d03010703420004f01f404888a595762c"
            + "4d5b80a8fb35b0f9d7dc0537ee330b8bf02e6b8f6fc1f7f90228dfb2eb8608ff658a12538aba91aa21b16440d30ba3cab770"
            + "36a1a76f0d";

    private static final URI COAPS = EndpointUriUtil.createUri("coaps://0.0.0.0:5684");
    private static final URI COAP = EndpointUriUtil.createUri("coap://[::]:5683");
    private static final String OBJECT_LINKS = "</lwm2m>;rt=\"oma.lwm2m\";ct=\"60 110 112 11542 11543\","
            + "</lwm2m/1>;ver=1.1,</lwm2m/1/0>,</lwm2m/3>;ver=1.0,</lwm2m/3/0>,</lwm2m/3303>;ver=1.1,"
            + "</lwm2m/3303/0>;pmin=10;pmax=60,</lwm2m/3303/1>,</lwm2m/33000>;ver=2.3,</lwm2m/33000/7>,"
            + "</dev/info>;rt=\"x.info\";title=\"Info\";flag";

    private final RegistrationCodec codec = new RegistrationCodec();

    @Test
    void psk_registration_with_core_and_mixed_links_decodes_as_captured() {
        assertDecodesTo(PSK_HEX, psk());
    }

    @Test
    void x509_registration_over_ipv6_with_lwm2m_links_decodes_as_captured() {
        assertDecodesTo(X509_HEX, x509());
    }

    @Test
    void rpk_registration_decodes_as_captured() {
        assertDecodesTo(RPK_HEX, rpk());
    }

    @Test
    void oscore_registration_encodes_and_decodes_as_captured() {
        assertDecodesTo(OSCORE_HEX, oscore());
        assertThat(hex(codec.encode(oscore()))).isEqualTo(OSCORE_HEX);
    }

    @Test
    void unsecure_registration_with_a_scoped_ipv6_address_encodes_and_decodes_as_captured() {
        assertDecodesTo(UNSECURE_HEX, unsecure());
        assertThat(hex(codec.encode(unsecure()))).isEqualTo(UNSECURE_HEX);
    }

    private void assertDecodesTo(String hex, Registration expected) {
        Registration decoded = codec.decode(HexFormat.of().parseHex(hex));

        assertThat(decoded).isEqualTo(expected);
        assertThat(decoded.getLastEndpointUsed()).isEqualTo(expected.getLastEndpointUsed());
        IpPeer peer = (IpPeer) decoded.getClientTransportData();
        assertThat(peer).isEqualTo(expected.getClientTransportData());
        assertThat(peer.getVirtualHost()).isEqualTo(((IpPeer) expected.getClientTransportData()).getVirtualHost());
        assertThat(peer.getIdentity()).isEqualTo(expected.getClientTransportData().getIdentity());
        assertThat(decoded.getQueueMode()).isEqualTo(expected.getQueueMode());
        assertThat(decoded.getSupportedObject()).isEqualTo(expected.getSupportedObject());
        assertThat(decoded.getAvailableInstances()).isEqualTo(expected.getAvailableInstances());
        assertThat(decoded.getSupportedContentFormats()).isEqualTo(expected.getSupportedContentFormats());
        assertThat(decoded.getApplicationData()).isEqualTo(expected.getApplicationData());
        assertThat(decoded.getAdditionalRegistrationAttributes())
                .isEqualTo(expected.getAdditionalRegistrationAttributes());
        if (expected.getObjectLinks() == null) {
            assertThat(decoded.getObjectLinks()).isNull();
        } else {
            assertThat(decoded.getObjectLinks()).hasSameSizeAs(expected.getObjectLinks());
            for (int i = 0; i < expected.getObjectLinks().length; i++) {
                Link want = expected.getObjectLinks()[i];
                Link got = decoded.getObjectLinks()[i];
                assertThat(got.getClass()).isEqualTo(want.getClass());
                assertThat(got.toCoreLinkFormat()).isEqualTo(want.toCoreLinkFormat());
                want.getAttributes().forEach(a -> assertThat(got.getAttributes().get(a.getName()).getValue())
                        .as("%s of %s", a.getName(), want).isEqualTo(a.getValue()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------- pinned registrations

    /** Core and mixed links with typed attributes, an alternate path, non-ASCII strings, a null application value. */
    static Registration psk() {
        Link[] links;
        try {
            links = new DefaultLwM2mLinkParser().parseCoreLinkFormat(OBJECT_LINKS.getBytes(UTF_8));
        } catch (LinkParseException e) {
            throw new IllegalArgumentException(e);
        }
        RegistrationData data = new DefaultRegistrationDataExtractor().extractDataFromObjectLinks(links,
                LwM2mVersion.V1_1);
        Map<Integer, Version> supportedObjects = new HashMap<>(data.getSupportedObjects());
        supportedObjects.put(65000, new Version(12, 34));
        Map<String, String> appData = new HashMap<>();
        appData.put("tenant", "acmé");
        appData.put("unset", null);
        Map<String, String> additional = new HashMap<>();
        additional.put("apn", "iot.example");
        additional.put("Motehub-Fw", "1.2.3-été");
        String endpoint = "capteur-été-東京-🛰";
        return new Registration.Builder("reg-psk", endpoint,
                new IpPeer(address("192.0.2.7", 5684), new PskIdentity("psk-" + endpoint)), COAPS)
                .lwM2mVersion(LwM2mVersion.V1_1).lifeTimeInSec(86_400L * 365).bindingMode(EnumSet.of(BindingMode.U))
                .queueMode(false).smsNumber("+33600000000").registrationDate(new Date(1_767_323_045_123L))
                .lastUpdate(new Date(1_767_323_999_456L)).objectLinks(links).rootPath(data.getAlternatePath())
                .supportedContentFormats(data.getSupportedContentFormats()).supportedObjects(supportedObjects)
                .availableInstances(data.getAvailableInstances()).additionalRegistrationAttributes(additional)
                .applicationData(appData).build();
    }

    /** LwM2M links, an IPv6 peer with a virtual host, LwM2M 1.0, queue mode unset, binding UQS. */
    static Registration x509() {
        Link[] links;
        try {
            links = new DefaultLwM2mLinkParser().parseLwM2mLinkFromCoreLinkFormat(
                    "</3>;ver=1.1,</3/0>,</3303/0/5700>;pmin=5;gt=25.5".getBytes(UTF_8), "/");
        } catch (LinkParseException e) {
            throw new IllegalArgumentException(e);
        }
        RegistrationData data = new DefaultRegistrationDataExtractor().extractDataFromObjectLinks(links,
                LwM2mVersion.V1_0);
        IpPeer peer = new IpPeer(address("2001:db8::17", 5684), "devices.example.org",
                new X509Identity("CN=dev-x509, 東京"));
        return new Registration.Builder("reg-x509", "dev-x509", peer, COAPS).lwM2mVersion(LwM2mVersion.V1_0)
                .lifeTimeInSec(300L).bindingMode(EnumSet.of(BindingMode.U, BindingMode.Q, BindingMode.S))
                .registrationDate(new Date(1_767_000_000_000L)).lastUpdate(new Date(1_767_000_300_000L))
                .objectLinks(links).rootPath(data.getAlternatePath())
                .supportedContentFormats(data.getSupportedContentFormats())
                .supportedObjects(data.getSupportedObjects()).availableInstances(data.getAvailableInstances())
                .build();
    }

    /** A raw public key identity and a lifetime of 0 (zig-zag of 0). */
    static Registration rpk() {
        try {
            RpkIdentity identity = new RpkIdentity(KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(RPK_KEY_HEX))));
            return new Registration.Builder("reg-rpk", "dev-rpk", new IpPeer(address("192.0.2.8", 40123), identity),
                    COAPS).lwM2mVersion(LwM2mVersion.V1_1).lifeTimeInSec(0L).bindingMode(EnumSet.of(BindingMode.U))
                    .queueMode(true).registrationDate(new Date(0)).lastUpdate(new Date(-1))
                    .objectLinks(new Link[] { new Link("/3/0") }).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** OSCORE, an unsupported LwM2M version, no links, one application data entry: every collection of size <= 1. */
    static Registration oscore() {
        return new Registration.Builder("reg-oscore", "dev-oscore",
                new IpPeer(address("192.0.2.10", 5683), new OscoreIdentity(new byte[] { 0x01, (byte) 0xfe, 0x00 })),
                COAP).lwM2mVersion(LwM2mVersion.get("1.2")).lifeTimeInSec(86_400L)
                .bindingMode(EnumSet.of(BindingMode.N))
                .registrationDate(new Date(1_767_323_045_123L)).lastUpdate(new Date(1_767_323_045_123L))
                .supportedObjects(Map.of(3, new Version(1, 2))).applicationData(Map.of("tenant", "acme")).build();
    }

    /** No security, a link-local IPv6 address with its scope id, the minimum a registration holds. */
    static Registration unsecure() {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(Inet6Address.getByAddress(null,
                    InetAddress.getByName("fe80::1").getAddress(), 3), 56830);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return new Registration.Builder("reg-min", "d", new IpPeer(address, new SocketIdentity(address)), COAP)
                .registrationDate(new Date(1_767_323_045_123L)).lastUpdate(new Date(1_767_323_045_999L)).build();
    }

    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port); // a literal: never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
