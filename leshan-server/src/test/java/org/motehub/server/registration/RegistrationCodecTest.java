// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.MixedLwM2mLink;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.SocketIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.redis.serialization.LwM2mPeerSerDes;
import org.eclipse.leshan.server.redis.serialization.RegistrationSerDes;
import org.eclipse.leshan.server.registration.DefaultRegistrationDataExtractor;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationDataExtractor.RegistrationData;
import org.junit.jupiter.api.Test;
import org.motehub.server.registration.codec.RegistrationCodec;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@link RegistrationCodec}: every field of a registration survives encode and decode, the JSON that earlier versions
 * stored still reads, and damaged input is refused with an IllegalArgumentException.
 */
class RegistrationCodecTest {

    private static final URI COAPS = EndpointUriUtil.createUri("coaps://0.0.0.0:5684");
    private static final URI COAP = EndpointUriUtil.createUri("coap://[::]:5683");
    /** Root path /lwm2m, typed LwM2M attributes, a link outside the root path, an unknown valueless attribute. */
    private static final String OBJECT_LINKS = "</lwm2m>;rt=\"oma.lwm2m\";ct=\"60 110 112 11542 11543\","
            + "</lwm2m/1>;ver=1.1,</lwm2m/1/0>,</lwm2m/3>;ver=1.0,</lwm2m/3/0>,</lwm2m/3303>;ver=1.1,"
            + "</lwm2m/3303/0>;pmin=10;pmax=60,</lwm2m/3303/1>,</lwm2m/33000>;ver=2.3,</lwm2m/33000/7>,"
            + "</dev/info>;rt=\"x.info\";title=\"Info\";flag";
    /** The same at the root path "/", the only case Leshan's JSON form reads back without loss. */
    private static final String ROOT_LINKS = "</>;rt=\"oma.lwm2m\";ct=\"60 110 112 11542 11543\",</1>;ver=1.1,</1/0>,"
            + "</3>;ver=1.0,</3/0>,</3303>;ver=1.1,</3303/0>;pmin=10;pmax=60,</3303/1>,</33000>;ver=2.3,</33000/7>";
    private static final String NON_ASCII_ENDPOINT = "capteur-été-東京-🛰";

    private final RegistrationCodec codec = new RegistrationCodec();

    // ------------------------------------------------------------------------------------------------ round trips

    @Test
    void psk_registration_with_every_field_set_round_trips() {
        Registration r = full("reg-psk", NON_ASCII_ENDPOINT, new IpPeer(address("192.0.2.7", 5684),
                new PskIdentity("psk-" + NON_ASCII_ENDPOINT))).build();

        assertRoundTrips(r);
    }

    @Test
    void rpk_registration_round_trips() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey key = generator.generateKeyPair().getPublic();
        Registration r = full("reg-rpk", "dev-rpk", new IpPeer(address("192.0.2.8", 40123), new RpkIdentity(key)))
                .build();

        Registration decoded = assertRoundTrips(r);
        RpkIdentity identity = (RpkIdentity) decoded.getClientTransportData().getIdentity();
        assertThat(identity.getPublicKey().getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void x509_registration_over_ipv6_with_a_virtual_host_round_trips() {
        IpPeer peer = new IpPeer(address("2001:db8::17", 5684), "devices.example.org",
                new X509Identity("CN=dev-x509, 東京"));
        Registration r = full("reg-x509", "dev-x509", peer).lwM2mVersion(LwM2mVersion.V1_0).queueMode(null)
                .bindingMode(EnumSet.of(BindingMode.U, BindingMode.Q, BindingMode.S)).build();

        Registration decoded = assertRoundTrips(r);
        assertThat(((IpPeer) decoded.getClientTransportData()).getVirtualHost()).isEqualTo("devices.example.org");
        assertThat(decoded.getQueueMode()).isNull();
        assertThat(decoded.usesQueueMode()).isTrue();
    }

    @Test
    void unsecure_queue_mode_registration_round_trips() {
        InetSocketAddress address = address("192.0.2.9", 5683);
        Registration r = full("reg-unsecure", "dev-unsecure", new IpPeer(address, new SocketIdentity(address)))
                .queueMode(true).bindingMode(EnumSet.of(BindingMode.U, BindingMode.T)).build();
        assertThat(r.getClientTransportData().getIdentity()).isInstanceOf(SocketIdentity.class);

        Registration decoded = assertRoundTrips(r);
        assertThat(decoded.usesQueueMode()).isTrue();
    }

    @Test
    void oscore_registration_with_an_unsupported_lwm2m_version_round_trips() {
        LwM2mIdentity oscore = new OscoreIdentity(new byte[] { 0x01, (byte) 0xfe, 0x00 });
        Registration r = full("reg-oscore", "dev-oscore", new IpPeer(address("192.0.2.10", 5683), oscore))
                .lwM2mVersion(LwM2mVersion.get("1.2")).bindingMode(EnumSet.of(BindingMode.N)).smsNumber(null)
                .build();

        Registration decoded = assertRoundTrips(r);
        assertThat(decoded.getLwM2mVersion().isSupported()).isFalse();
        assertThat(decoded.getSmsNumber()).isNull();
    }

    @Test
    void links_parsed_as_lwm2m_links_keep_their_type() throws LinkParseException {
        Link[] links = new DefaultLwM2mLinkParser().parseLwM2mLinkFromCoreLinkFormat(
                "</3>;ver=1.1,</3/0>,</3303/0/5700>;pmin=5;gt=25.5".getBytes(UTF_8), "/");
        Registration r = new Registration.Builder("reg-links", "dev-links", new IpPeer(address("192.0.2.11", 5683)),
                COAP).objectLinks(links).build();

        Registration decoded = assertRoundTrips(r);
        assertThat(decoded.getObjectLinks()).allMatch(l -> l.getClass() == LwM2mLink.class);
    }

    @Test
    void minimal_registration_round_trips() {
        Registration r = new Registration.Builder("reg-min", "d", new IpPeer(address("192.0.2.12", 5683)), COAP)
                .build();
        assertThat(r.getObjectLinks()).isNull();

        Registration decoded = assertRoundTrips(r);
        assertThat(decoded.getObjectLinks()).isNull();
        assertThat(decoded.getQueueMode()).isNull();
    }

    @Test
    void binary_form_starts_with_its_format_marker_and_is_smaller_than_the_json() throws Exception {
        Registration r = full("reg-psk", "dev-psk", new IpPeer(address("192.0.2.7", 5684), new PskIdentity("psk")))
                .build();

        byte[] binary = codec.encode(r);

        assertThat(binary[0]).isEqualTo((byte) 0x01);
        assertThat(binary.length).isLessThan(legacyJson(r).length);
    }

    // ----------------------------------------------------------------------------------------------------- legacy

    @Test
    void json_written_by_earlier_versions_still_reads() throws Exception {
        // what RocksDbRegistrationStore stored before the codec: Leshan's JSON tree, written as UTF-8 by Jackson
        Registration psk = full("reg-psk", NON_ASCII_ENDPOINT,
                new IpPeer(address("192.0.2.7", 5684), new PskIdentity("psk-" + NON_ASCII_ENDPOINT)), ROOT_LINKS)
                .build();
        Registration x509 = full("reg-x509", "dev-x509",
                new IpPeer(address("2001:db8::17", 5684), new X509Identity("dev-x509")), ROOT_LINKS).queueMode(true)
                .build();
        InetSocketAddress address = address("192.0.2.9", 5683);
        Registration unsecure = full("reg-unsecure", "dev-unsecure", new IpPeer(address, new SocketIdentity(address)),
                ROOT_LINKS).lwM2mVersion(LwM2mVersion.V1_0).queueMode(null)
                .bindingMode(EnumSet.of(BindingMode.U, BindingMode.Q)).build();

        for (Registration r : new Registration[] { psk, x509, unsecure }) {
            byte[] json = legacyJson(r);
            assertThat(json[0]).isEqualTo((byte) '{');

            Registration decoded = codec.decode(json);

            assertThat(decoded).isEqualTo(r);
            assertThat(decoded.getLastEndpointUsed()).isEqualTo(r.getLastEndpointUsed());
            assertThat(decoded.getEndpoint()).isEqualTo(r.getEndpoint());
            // and once decoded, it is written back in the binary form without loss
            assertRoundTrips(decoded);
        }
    }

    /**
     * Leshan's JSON form loses the links of a device with an alternate path: it rebuilds them from the registration's
     * root path "/lwm2m/" (with its trailing slash), so {@code </lwm2m/3>} reads back as {@code </lwm2m//3>}. Legacy
     * values still read exactly as the store read them before (no worse, no different); the binary form keeps them.
     */
    @Test
    void json_of_a_device_with_an_alternate_path_reads_as_leshan_reads_it() throws Exception {
        Registration r = full("reg-alt", "dev-alt", new IpPeer(address("192.0.2.7", 5684), new PskIdentity("psk")))
                .build();
        byte[] json = legacyJson(r);

        Registration decoded = codec.decode(json);

        Registration leshan = new RegistrationSerDes(new LwM2mPeerSerDes())
                .deserialize(new ObjectMapper().readTree(json));
        assertThat(decoded).isEqualTo(leshan);
        assertThat(Arrays.stream(decoded.getObjectLinks()).map(Link::getUriReference)).contains("/lwm2m//3");
        assertRoundTrips(r); // the binary form keeps "/lwm2m/3"
    }

    // ------------------------------------------------------------------------------------------------- bad input

    @Test
    void every_truncation_of_a_binary_registration_is_an_illegal_argument() {
        Registration r = full("reg-psk", NON_ASCII_ENDPOINT, new IpPeer(address("192.0.2.7", 5684),
                new PskIdentity("psk"))).build();
        byte[] full = codec.encode(r);

        for (int length = 0; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("first %d of %d bytes", length, full.length)
                    .isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void garbage_is_an_illegal_argument() {
        byte[] valid = codec.encode(full("reg-psk", "dev-psk",
                new IpPeer(address("192.0.2.7", 5684), new PskIdentity("psk"))).build());
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage;
            if (i % 2 == 0) {
                garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                garbage[0] = 0x01;
            } else { // a valid value with a few bytes changed
                garbage = valid.clone();
                for (int k = 0; k < 3; k++) {
                    garbage[1 + random.nextInt(garbage.length - 1)] = (byte) random.nextInt();
                }
            }
            byte[] input = garbage;
            Throwable thrown = catchThrowable(() -> codec.decode(input));
            // a changed byte inside a string may still decode: then it must be a registration, not an error
            if (thrown != null) {
                assertThat(thrown).as("input %d: %s", i, Arrays.toString(input))
                        .isExactlyInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void unknown_marker_empty_input_and_broken_json_are_illegal_arguments() {
        assertThatThrownBy(() -> codec.decode(new byte[] { 0x02, 0, 0 }))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x02")
                .hasMessageContaining("unknown format");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{not json".getBytes(UTF_8)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{\"regId\":\"r\"}".getBytes(UTF_8)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /**
     * Decodes the encoded {@code r} and checks it equals {@code r}, including what {@link Registration#equals} and
     * {@link IpPeer#equals} leave out (the last endpoint used, the virtual host) and the Java type of each link.
     */
    private Registration assertRoundTrips(Registration r) {
        Registration decoded = codec.decode(codec.encode(r));

        assertThat(decoded).isEqualTo(r);
        assertThat(decoded.getLastEndpointUsed()).isEqualTo(r.getLastEndpointUsed());
        assertThat(decoded.getClientTransportData()).isEqualTo(r.getClientTransportData());
        assertThat(((IpPeer) decoded.getClientTransportData()).getVirtualHost())
                .isEqualTo(((IpPeer) r.getClientTransportData()).getVirtualHost());
        assertThat(decoded.getClientTransportData().getIdentity()).isEqualTo(r.getClientTransportData().getIdentity());
        if (r.getObjectLinks() != null) {
            assertThat(decoded.getObjectLinks()).hasSameSizeAs(r.getObjectLinks());
            for (int i = 0; i < r.getObjectLinks().length; i++) {
                Link original = r.getObjectLinks()[i];
                Link read = decoded.getObjectLinks()[i];
                assertThat(read.getClass()).isEqualTo(original.getClass());
                assertThat(read.getAttributes().getClass()).isEqualTo(original.getAttributes().getClass());
                assertThat(read.toCoreLinkFormat()).isEqualTo(original.toCoreLinkFormat());
                original.getAttributes().forEach(a -> assertThat(read.getAttributes().get(a.getName()).getValue())
                        .as("%s of %s", a.getName(), original).isEqualTo(a.getValue()));
            }
        }
        assertThat(decoded.getSupportedObject()).isEqualTo(r.getSupportedObject());
        assertThat(decoded.getAvailableInstances()).isEqualTo(r.getAvailableInstances());
        assertThat(decoded.getApplicationData()).isEqualTo(r.getApplicationData());
        assertThat(decoded.getAdditionalRegistrationAttributes()).isEqualTo(r.getAdditionalRegistrationAttributes());
        return decoded;
    }

    /** @return a builder with every field Leshan's server fills set, links parsed as Leshan parses a REGISTER. */
    private static Registration.Builder full(String id, String endpoint, IpPeer peer) {
        return full(id, endpoint, peer, OBJECT_LINKS);
    }

    private static Registration.Builder full(String id, String endpoint, IpPeer peer, String objectLinks) {
        Link[] links = RegistrationStoreContract.links(objectLinks);
        RegistrationData data = new DefaultRegistrationDataExtractor().extractDataFromObjectLinks(links,
                LwM2mVersion.V1_1);
        Map<String, String> appData = new HashMap<>();
        appData.put("tenant", "acmé");
        appData.put("unset", null);
        Map<Integer, Version> supportedObjects = new HashMap<>(data.getSupportedObjects());
        supportedObjects.put(65000, new Version(12, 34));
        return new Registration.Builder(id, endpoint, peer, COAPS).lwM2mVersion(LwM2mVersion.V1_1)
                .lifeTimeInSec(86_400L * 365).bindingMode(EnumSet.of(BindingMode.U)).queueMode(false)
                .smsNumber("+33600000000").registrationDate(new Date(1_767_323_045_123L))
                .lastUpdate(new Date(1_767_323_999_456L)).objectLinks(links).rootPath(data.getAlternatePath())
                .supportedContentFormats(data.getSupportedContentFormats())
                .supportedObjects(supportedObjects).availableInstances(data.getAvailableInstances())
                .additionalRegistrationAttributes(Map.of("apn", "iot.example", "Motehub-Fw", "1.2.3-été"))
                .applicationData(appData);
    }

    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port); // a literal: never looked up
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** @return the JSON RocksDbRegistrationStore wrote before the binary codec */
    private static byte[] legacyJson(Registration r) throws Exception {
        return new ObjectMapper().writeValueAsBytes(new RegistrationSerDes(new LwM2mPeerSerDes()).jSerialize(r));
    }

    /** Sanity of the test data itself: the contract's extractor sees the alternate path and the content formats. */
    @Test
    void test_data_has_an_alternate_path_and_content_formats() {
        Registration r = full("r", "e", new IpPeer(address("192.0.2.1", 1))).build();
        assertThat(r.getRootPath()).isEqualTo("/lwm2m/"); // as Leshan's server sets it
        assertThat(r.getSupportedContentFormats()).contains(ContentFormat.SENML_CBOR);
        assertThat(r.getAvailableInstances()).contains(new LwM2mPath(33000, 7));
        assertThat(r.getObjectLinks()).anyMatch(l -> l.getClass() == MixedLwM2mLink.class)
                .anyMatch(l -> l.getClass() == Link.class);
    }
}
