// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

/** Signatures made by openssl (fixtures and, when installed, live) and by the JDK, checked by {@link SignatureVerifier}. */
class SignatureVerifierTest {

    @TempDir
    Path dir;

    static byte[] resource(String name) {
        try (InputStream in = SignatureVerifierTest.class.getResourceAsStream("/firmware/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<byte[]> chunks(byte[] image, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < image.length; at += size) {
            out.add(Arrays.copyOfRange(image, at, Math.min(image.length, at + size)));
        }
        return out;
    }

    private TrustedKeys fixtureKeys() throws IOException {
        for (String name : List.of("ed-release.pem", "ec-release.pem", "p384.pem")) {
            Files.write(dir.resolve(name), resource(name));
        }
        return TrustedKeys.load(dir);
    }

    static String sign(String algorithm, PrivateKey key, byte[] image) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(image);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static List<String> fields(InvalidInputException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void loads_openssl_ed25519_and_p256_public_keys_named_by_file_and_skips_a_p384_key() throws IOException {
        TrustedKeys keys = fixtureKeys();

        assertThat(keys.ids()).containsExactly("ec-release", "ed-release");
        assertThat(keys.keys()).extracting(TrustedKeys.TrustedKey::algorithm)
                .containsExactly(TrustedKeys.ECDSA_P256, TrustedKeys.ED25519);
    }

    @Test
    void openssl_ed25519_signature_verifies_chunk_by_chunk() throws IOException {
        SignatureVerifier verifier = new SignatureVerifier(fixtureKeys(), SigningMode.REQUIRED);
        byte[] image = resource("image.bin");

        assertThat(verifier.verify(b64(resource("image.bin.ed25519.sig")), chunks(image, 65_536)))
                .contains(new SignatureVerifier.Verified("ed-release", "Ed25519"));
    }

    @Test
    void openssl_ecdsa_der_signature_verifies_chunk_by_chunk() throws IOException {
        SignatureVerifier verifier = new SignatureVerifier(fixtureKeys(), SigningMode.REQUIRED);
        byte[] image = resource("image.bin");

        assertThat(verifier.verify(b64(resource("image.bin.ecdsa.sig")), chunks(image, 1000)))
                .contains(new SignatureVerifier.Verified("ec-release", "SHA256withECDSA"));
    }

    @Test
    void one_changed_byte_fails_both_signatures() throws IOException {
        SignatureVerifier verifier = new SignatureVerifier(fixtureKeys(), SigningMode.OFF);
        byte[] image = resource("image.bin");
        image[40_000] ^= 1;

        for (String sig : List.of("image.bin.ed25519.sig", "image.bin.ecdsa.sig")) {
            assertThatThrownBy(() -> verifier.verify(b64(resource(sig)), List.of(image)))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(fields(e)).containsExactly("signature"))
                    .hasMessageContaining("does not verify");
        }
    }

    @Test
    void jdk_keys_sign_and_verify_and_a_key_not_trusted_is_refused() throws GeneralSecurityException {
        KeyPair ed = ed25519();
        KeyPair ec = p256();
        KeyPair stranger = ed25519();
        SignatureVerifier verifier = new SignatureVerifier(
                TrustedKeys.of(Map.of("ed", ed.getPublic(), "ec", ec.getPublic())), SigningMode.REQUIRED);
        byte[] image = new byte[150_000];
        new Random(1).nextBytes(image);

        assertThat(verifier.verify(sign("Ed25519", ed.getPrivate(), image), chunks(image, 4096)))
                .contains(new SignatureVerifier.Verified("ed", "Ed25519"));
        assertThat(verifier.verify(sign("SHA256withECDSA", ec.getPrivate(), image), chunks(image, 4096)))
                .contains(new SignatureVerifier.Verified("ec", "SHA256withECDSA"));
        assertThatThrownBy(() -> verifier.verify(sign("Ed25519", stranger.getPrivate(), image), List.of(image)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("signature");
    }

    @Test
    void unsigned_image_is_refused_when_required_and_accepted_when_off() {
        byte[] image = {1, 2, 3};

        SignatureVerifier required = new SignatureVerifier(TrustedKeys.none(), SigningMode.REQUIRED);
        assertThatThrownBy(() -> required.verify(null, List.of(image)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("signature"))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> required.verify("  ", List.of(image))).isInstanceOf(InvalidInputException.class);

        SignatureVerifier off = new SignatureVerifier(TrustedKeys.none(), SigningMode.OFF);
        assertThat(off.verify(null, List.of(image))).isEmpty();
    }

    @Test
    void with_signing_off_a_given_signature_is_still_verified() throws GeneralSecurityException {
        KeyPair ed = ed25519();
        SignatureVerifier off = new SignatureVerifier(TrustedKeys.of(Map.of("ed", ed.getPublic())), SigningMode.OFF);
        byte[] image = {1, 2, 3};

        assertThat(off.verify(sign("Ed25519", ed.getPrivate(), image), List.of(image))).isPresent();
        assertThatThrownBy(() -> off.verify(sign("Ed25519", ed.getPrivate(), new byte[] {9}), List.of(image)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformed_signatures_name_the_field() {
        SignatureVerifier verifier = new SignatureVerifier(TrustedKeys.none(), SigningMode.OFF);
        List<FieldError> errors = new ArrayList<>();

        verifier.precheck("not base64!", errors);
        verifier.precheck("A".repeat(SignatureVerifier.MAX_SIGNATURE_LENGTH + 4), errors);

        assertThat(errors).extracting(FieldError::field).containsExactly("signature", "signature");
        assertThatThrownBy(() -> verifier.verify(b64(new byte[64]), List.of(new byte[1])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trusts no signing key");
    }

    @Test
    void garbage_of_the_right_length_fails_cleanly_for_both_algorithms() throws GeneralSecurityException {
        SignatureVerifier verifier = new SignatureVerifier(
                TrustedKeys.of(Map.of("ed", ed25519().getPublic(), "ec", p256().getPublic())), SigningMode.REQUIRED);

        for (int length : new int[] {64, 70, 72, 1}) {
            assertThatThrownBy(() -> verifier.verify(b64(new byte[length]), List.of(new byte[] {1})))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not verify");
        }
    }

    @Test
    void keys_that_are_not_ed25519_or_p256_are_refused() throws GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");

        for (KeyPairGenerator g : List.of(rsa, p384, ed448)) {
            assertThatThrownBy(() -> TrustedKeys.of(Map.of("k", g.generateKeyPair().getPublic())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TrustedKeys.parsePem("k", new String(resource("p384.pem"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedKeys.parsePem("k", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedKeys.parsePem("k", "hello")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_missing_key_folder_means_no_key_and_a_new_file_is_seen_on_the_next_load() throws IOException {
        assertThat(TrustedKeys.load(dir.resolve("absent")).isEmpty()).isTrue();
        SignatureVerifier verifier = new SignatureVerifier(() -> TrustedKeys.load(dir), SigningMode.REQUIRED);
        assertThat(verifier.trustedKeys().isEmpty()).isTrue();

        Files.write(dir.resolve("ed-release.pem"), resource("ed-release.pem"));
        Files.writeString(dir.resolve("notes.txt"), "not a key");

        assertThat(verifier.trustedKeys().ids()).containsExactly("ed-release");
        assertThat(verifier.verify(b64(resource("image.bin.ed25519.sig")), List.of(resource("image.bin"))))
                .isPresent();
    }

    @Test
    void keys_and_signatures_made_now_by_the_openssl_command_line_verify() throws Exception {
        Assumptions.assumeTrue(run(dir, "openssl", "version") == 0, "openssl is not installed");
        byte[] image = new byte[100_000];
        new Random(2).nextBytes(image);
        Files.write(dir.resolve("image.bin"), image);
        Path keys = Files.createDirectory(dir.resolve("keys"));
        assertThat(run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed.key")).isZero();
        assertThat(run(dir, "openssl", "pkey", "-in", "ed.key", "-pubout", "-out", "keys/ed-live.pem")).isZero();
        assertThat(run(dir, "openssl", "pkeyutl", "-sign", "-rawin", "-inkey", "ed.key", "-in", "image.bin",
                "-out", "ed.sig")).isZero();
        assertThat(run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"))
                .isZero();
        assertThat(run(dir, "openssl", "ec", "-in", "ec.key", "-pubout", "-out", "keys/ec-live.pem")).isZero();
        assertThat(run(dir, "openssl", "dgst", "-sha256", "-sign", "ec.key", "-out", "ec.sig", "image.bin"))
                .isZero();
        SignatureVerifier verifier = new SignatureVerifier(TrustedKeys.load(keys), SigningMode.REQUIRED);

        assertThat(verifier.verify(b64(Files.readAllBytes(dir.resolve("ed.sig"))), chunks(image, 65_536)))
                .contains(new SignatureVerifier.Verified("ed-live", "Ed25519"));
        assertThat(verifier.verify(b64(Files.readAllBytes(dir.resolve("ec.sig"))), chunks(image, 65_536)))
                .contains(new SignatureVerifier.Verified("ec-live", "SHA256withECDSA"));
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return -1;
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
