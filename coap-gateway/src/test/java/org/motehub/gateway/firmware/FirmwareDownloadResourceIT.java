// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.firmware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.credentials.ActiveCredentialsLookup;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.firmware.Firmware;
import org.motehub.model.firmware.FirmwareLink;
import org.motehub.model.firmware.FirmwareMetadata;
import org.motehub.model.firmware.MapFirmwareRepository;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareLinkStore;

/**
 * {@code /fw/{token}} on a real Californium server with a Scandium DTLS-PSK endpoint and a plain CoAP one, fetched by
 * real Scandium clients over loopback: whole transfers, random blocks, and every refusal.
 */
class FirmwareDownloadResourceIT {

    private static final byte[] KEY_A = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_B = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final int IMAGE_SIZE = 5000;

    @TempDir
    Path dir;

    private MotehubDb db;
    private RocksDbFirmwareLinkStore links;
    private CoapServer server;
    private CoapEndpoint dtlsEndpoint;
    private CoapEndpoint plainEndpoint;
    private final List<CoapEndpoint> clients = new CopyOnWriteArrayList<>();
    private final List<Integer> progress = new CopyOnWriteArrayList<>();
    private byte[] image;
    private Firmware firmware;
    private FirmwareLink link;

    private static Configuration configuration(DtlsRole role) {
        CoapConfig.register();
        DtlsConfig.register();
        Configuration config = new Configuration();
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(DtlsConfig.DTLS_ROLE, role);
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        return config;
    }

    @BeforeEach
    void startServer() throws Exception {
        db = MotehubDb.open(dir);
        RocksDbDeviceStore devices = new RocksDbDeviceStore(db);
        Instant now = Instant.now();
        devices.insert(Device.provisioning("dev-a", "a", now), new PskCredentials("dev-a", "a-id", KEY_A));
        devices.insert(Device.provisioning("dev-b", "b", now), new PskCredentials("dev-b", "b-id", KEY_B));
        image = new byte[IMAGE_SIZE];
        new Random(7).nextBytes(image);
        MapFirmwareRepository repository = new MapFirmwareRepository();
        firmware = repository.upload(new FirmwareMetadata("2.0.0", List.of("sensor"), null, null, false, null),
                new ByteArrayInputStream(image));
        links = new RocksDbFirmwareLinkStore(db);
        link = links.create("dev-a", "u1", firmware.id(), now.plus(Duration.ofHours(1)));

        Configuration config = configuration(DtlsRole.SERVER_ONLY);
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey("a-id", KEY_A);
        psk.setKey("b-id", KEY_B);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        dtlsEndpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress(loopback, 0))
                        .setAdvancedPskStore(psk).build())).build();
        plainEndpoint = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(loopback, 0)).build();
        server = new CoapServer(config);
        server.addEndpoint(dtlsEndpoint);
        server.addEndpoint(plainEndpoint);
        server.add(new FirmwareDownloadResource(links, repository, new ActiveCredentialsLookup(devices),
                Clock.systemUTC(), config, 1024, (l, percent) -> progress.add(percent)));
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(CoapEndpoint::destroy);
        server.destroy();
        db.close();
    }

    private CoapClient dtlsClient(String identity, byte[] key, String token) {
        Configuration config = configuration(DtlsRole.CLIENT_ONLY);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                        .build())).build();
        clients.add(endpoint);
        CoapClient client = new CoapClient(URI.create("coaps://127.0.0.1:" + dtlsEndpoint.getAddress().getPort()
                + "/fw/" + token).toString());
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
        return client;
    }

    private static CoapResponse getBlock(CoapClient client, int szx, int num) throws Exception {
        Request get = Request.newGet();
        get.getOptions().setBlock2(szx, false, num);
        return client.advanced(get);
    }

    @Test
    void the_device_of_the_link_downloads_the_whole_image_and_progress_is_reported_in_steps() throws Exception {
        CoapResponse response = dtlsClient("a-id", KEY_A, link.token()).get();

        assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(response.getPayload()).isEqualTo(image);
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        assertThat(response.getOptions().getETags()).containsExactly(
                HexFormat.of().parseHex(firmware.sha256().substring(0, 16)));
        // 5 blocks of 1024: 20 %, 40 %... one report per step crossed, ending at 100
        assertThat(progress).containsExactly(20, 40, 60, 80, 100);
    }

    @Test
    void any_block_is_served_in_any_order_and_in_the_size_the_device_asks() throws Exception {
        CoapClient client = dtlsClient("a-id", KEY_A, link.token());

        CoapResponse third = getBlock(client, 6, 3);
        assertThat(third.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(third.getPayload()).isEqualTo(Arrays.copyOfRange(image, 3072, 4096));
        assertThat(third.getOptions().getBlock2()).isEqualTo(new BlockOption(6, true, 3));
        assertThat(third.getOptions().getSize2()).isEqualTo(IMAGE_SIZE);

        CoapResponse small = getBlock(client, 4, 7);
        assertThat(small.getPayload()).isEqualTo(Arrays.copyOfRange(image, 1792, 2048));
        assertThat(small.getOptions().getBlock2()).isEqualTo(new BlockOption(4, true, 7));

        CoapResponse last = getBlock(client, 6, 4);
        assertThat(last.getPayload()).isEqualTo(Arrays.copyOfRange(image, 4096, IMAGE_SIZE));
        assertThat(last.getOptions().getBlock2().isM()).isFalse();

        CoapResponse past = getBlock(client, 6, 5);
        assertThat(past.getCode()).isEqualTo(ResponseCode.BAD_OPTION);
    }

    @Test
    void another_device_cannot_use_the_link() throws Exception {
        CoapResponse response = dtlsClient("b-id", KEY_B, link.token()).get();

        assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(response.getResponseText()).contains("another device");
        assertThat(progress).isEmpty();
    }

    @Test
    void an_unknown_token_is_not_found_and_an_expired_link_is_forbidden() throws Exception {
        assertThat(dtlsClient("a-id", KEY_A, "AAAAAAAAAAAAAAAAAAAAAA").get().getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        FirmwareLink expired = links.create("dev-a", "u0", firmware.id(), Instant.now().minusSeconds(1));
        CoapResponse response = dtlsClient("a-id", KEY_A, expired.token()).get();
        assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(response.getResponseText()).contains("expired");
    }

    @Test
    void plain_coap_has_no_identity_and_is_unauthorized() throws Exception {
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(configuration(DtlsRole.CLIENT_ONLY))
                .build();
        clients.add(endpoint);
        CoapClient client = new CoapClient("coap://127.0.0.1:" + plainEndpoint.getAddress().getPort() + "/fw/"
                + link.token());
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);

        CoapResponse response = client.get();

        assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(new String(response.getPayload(), UTF_8)).contains("DTLS");
    }
}
