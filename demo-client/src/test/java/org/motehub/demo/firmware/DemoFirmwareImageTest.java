// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.motehub.demo.firmware.FirmwareImageException.Reason;
import org.motehub.demo.firmware.FirmwareKeys.Algorithm;

/**
 * The demo image format: what a device accepts and what it refuses, for both signature algorithms.
 */
class DemoFirmwareImageTest {

    private static final int PAYLOAD = 10_000;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void signed_image_parses_and_verifies_with_its_key(Algorithm algorithm) throws FirmwareImageException {
        KeyPair keys = FirmwareKeys.generate(algorithm);
        DemoFirmwareImage built = DemoFirmwareImage.builder().version("1.1.0").deviceType("demo-sensor")
                .payloadSize(PAYLOAD).signingKey(keys.getPrivate()).build();

        DemoFirmwareImage parsed = DemoFirmwareImage.parse(built.bytes());
        parsed.verify(Optional.of(keys.getPublic()));

        assertThat(parsed.version()).isEqualTo("1.1.0");
        assertThat(parsed.deviceType()).isEqualTo("demo-sensor");
        assertThat(parsed.payloadSize()).isEqualTo(PAYLOAD);
        assertThat(parsed.signatureType()).isEqualTo(algorithm == Algorithm.ED25519
                ? DemoFirmwareImage.SignatureType.ED25519 : DemoFirmwareImage.SignatureType.ECDSA_P256);
        assertThat(parsed.digest()).isEqualTo(built.digest());
        ByteBuffer image = ByteBuffer.wrap(built.bytes());
        assertThat(image.getInt(0)).isEqualTo(DemoFirmwareImage.HEADER_MAGIC);
        assertThat(image.getInt(built.size() - 4)).isEqualTo(DemoFirmwareImage.TRAILER_MAGIC);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void corrupted_payload_fails_the_integrity_check(Algorithm algorithm) throws FirmwareImageException {
        KeyPair keys = FirmwareKeys.generate(algorithm);
        byte[] image = DemoFirmwareImage.builder().version("2.0.0").payloadSize(PAYLOAD).signingKey(keys.getPrivate())
                .build().bytes();
        image[100] ^= 0x01;

        DemoFirmwareImage parsed = DemoFirmwareImage.parse(image);

        assertThatThrownBy(() -> parsed.verify(Optional.of(keys.getPublic()))).isInstanceOf(
                FirmwareImageException.class).extracting(e -> ((FirmwareImageException) e).reason())
                .isEqualTo(Reason.INTEGRITY);
        // without a trusted key the SHA-256 still catches it
        assertThatThrownBy(() -> parsed.verify(Optional.empty())).hasMessageContaining("SHA-256");
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void image_signed_by_another_key_fails_the_integrity_check(Algorithm algorithm) throws FirmwareImageException {
        KeyPair signer = FirmwareKeys.generate(algorithm);
        KeyPair trusted = FirmwareKeys.generate(algorithm);
        DemoFirmwareImage image = DemoFirmwareImage.parse(DemoFirmwareImage.builder().version("2.0.0")
                .payloadSize(PAYLOAD).signingKey(signer.getPrivate()).build().bytes());

        assertThatThrownBy(() -> image.verify(Optional.of(trusted.getPublic())))
                .isInstanceOf(FirmwareImageException.class).hasMessageContaining("signature does not match");
        // the SHA-256 alone is fine
        image.verify(Optional.empty());
    }

    @Test
    void tampered_signature_bytes_fail_the_integrity_check() throws FirmwareImageException {
        KeyPair keys = FirmwareKeys.generate(Algorithm.ED25519);
        byte[] image = DemoFirmwareImage.builder().version("2.0.0").payloadSize(PAYLOAD).signingKey(keys.getPrivate())
                .build().bytes();
        image[image.length - 10] ^= 0x40; // inside the 64-byte signature

        DemoFirmwareImage parsed = DemoFirmwareImage.parse(image);

        assertThatThrownBy(() -> parsed.verify(Optional.of(keys.getPublic())))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void unsigned_image_is_refused_when_a_key_is_trusted() throws FirmwareImageException {
        KeyPair keys = FirmwareKeys.generate(Algorithm.EC_P256);
        DemoFirmwareImage image = DemoFirmwareImage.parse(
                DemoFirmwareImage.builder().version("2.0.0").payloadSize(PAYLOAD).build().bytes());

        image.verify(Optional.empty());
        assertThatThrownBy(() -> image.verify(Optional.of(keys.getPublic()))).hasMessageContaining("unsigned");
    }

    @Test
    void image_signed_with_ed25519_is_refused_by_an_ecdsa_key() throws FirmwareImageException {
        KeyPair ed = FirmwareKeys.generate(Algorithm.ED25519);
        KeyPair ec = FirmwareKeys.generate(Algorithm.EC_P256);
        DemoFirmwareImage image = DemoFirmwareImage.parse(DemoFirmwareImage.builder().version("2.0.0")
                .payloadSize(PAYLOAD).signingKey(ed.getPrivate()).build().bytes());

        assertThatThrownBy(() -> image.verify(Optional.of(ec.getPublic()))).extracting(
                e -> ((FirmwareImageException) e).reason()).isEqualTo(Reason.INTEGRITY);
    }

    @Test
    void wrong_header_magic_is_an_unsupported_package() {
        byte[] image = DemoFirmwareImage.builder().version("2.0.0").payloadSize(PAYLOAD).build().bytes();
        image[0] = 'X';

        assertThatThrownBy(() -> DemoFirmwareImage.parse(image)).isInstanceOf(FirmwareImageException.class)
                .hasMessageContaining("header magic").extracting(e -> ((FirmwareImageException) e).reason())
                .isEqualTo(Reason.FORMAT);
        assertThat(Reason.FORMAT.updateResult().code()).isEqualTo(6);
    }

    @Test
    void wrong_trailer_magic_or_truncation_is_an_unsupported_package() {
        byte[] image = DemoFirmwareImage.builder().version("2.0.0").payloadSize(PAYLOAD).build().bytes();
        byte[] badTrailer = image.clone();
        badTrailer[badTrailer.length - 1] = 0;
        byte[] truncated = java.util.Arrays.copyOf(image, image.length - 100);

        assertThatThrownBy(() -> DemoFirmwareImage.parse(badTrailer)).hasMessageContaining("trailer magic");
        assertThatThrownBy(() -> DemoFirmwareImage.parse(truncated)).extracting(
                e -> ((FirmwareImageException) e).reason()).isEqualTo(Reason.FORMAT);
        assertThatThrownBy(() -> DemoFirmwareImage.parse("hello firmware".getBytes(java.nio.charset.StandardCharsets
                .US_ASCII))).extracting(e -> ((FirmwareImageException) e).reason()).isEqualTo(Reason.FORMAT);
    }

    @Test
    void same_settings_give_the_same_payload_and_digest() {
        DemoFirmwareImage a = DemoFirmwareImage.builder().version("3.0.0").payloadSize(PAYLOAD).build();
        DemoFirmwareImage b = DemoFirmwareImage.builder().version("3.0.0").payloadSize(PAYLOAD).build();
        DemoFirmwareImage c = DemoFirmwareImage.builder().version("3.0.1").payloadSize(PAYLOAD).build();

        assertThat(a.bytes()).isEqualTo(b.bytes());
        assertThat(a.digest()).isNotEqualTo(c.digest());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void detached_signature_covers_the_whole_file(Algorithm algorithm) {
        KeyPair keys = FirmwareKeys.generate(algorithm);
        DemoFirmwareImage image = DemoFirmwareImage.builder().version("1.2.0").payloadSize(PAYLOAD)
                .signingKey(keys.getPrivate()).build();

        byte[] signature = Base64.getDecoder().decode(image.detachedSignature(keys.getPrivate()));

        assertThat(FirmwareKeys.verify(keys.getPublic(), image.bytes(), signature)).isTrue();
        byte[] changed = image.bytes();
        changed[changed.length - 1] ^= 1;
        assertThat(FirmwareKeys.verify(keys.getPublic(), changed, signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void keys_survive_a_pem_round_trip(Algorithm algorithm) {
        KeyPair keys = FirmwareKeys.generate(algorithm);

        String privatePem = FirmwareKeys.toPem(keys.getPrivate());
        String publicPem = FirmwareKeys.toPem(keys.getPublic());

        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        byte[] data = "firmware".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] signature = FirmwareKeys.sign(FirmwareKeys.readPrivateKey(privatePem), data);
        assertThat(FirmwareKeys.verify(FirmwareKeys.readPublicKey(publicPem), data, signature)).isTrue();
        assertThat(FirmwareKeys.algorithmOf(FirmwareKeys.readPublicKey(publicPem))).isEqualTo(algorithm);
    }

    @Test
    void a_public_key_pem_is_not_read_as_a_private_key() {
        String publicPem = FirmwareKeys.toPem(FirmwareKeys.generate(Algorithm.ED25519).getPublic());

        assertThatThrownBy(() -> FirmwareKeys.readPrivateKey(publicPem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void builder_refuses_an_empty_or_overlong_version() {
        assertThatThrownBy(() -> DemoFirmwareImage.builder().version("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> DemoFirmwareImage.builder().version("9".repeat(65)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoFirmwareImage.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
