// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys an operator trusts to sign firmware: Ed25519 or ECDSA P-256, each named by an id. Loaded from a
 * folder of PEM files ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo, as {@code openssl pkey
 * -pubout} writes them); the id is the file name without {@code .pem}.
 */
public final class TrustedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedKeys.class);

    /** JCA signature algorithm of Ed25519 keys. */
    public static final String ED25519 = "Ed25519";
    /** JCA signature algorithm of ECDSA P-256 keys: SHA-256 digest, DER-encoded signature as openssl writes it. */
    public static final String ECDSA_P256 = "SHA256withECDSA";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final ECParameterSpec P256 = p256();

    /**
     * One trusted key.
     *
     * @param id its name (the PEM file name without extension)
     * @param key the public key
     * @param algorithm the JCA signature algorithm that verifies with it: {@link #ED25519} or {@link #ECDSA_P256}
     */
    public record TrustedKey(String id, PublicKey key, String algorithm) {
        public TrustedKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(algorithm, "algorithm");
        }
    }

    private final List<TrustedKey> keys;

    private TrustedKeys(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @return no trusted key: with signing required, every upload is refused. */
    public static TrustedKeys none() {
        return new TrustedKeys(List.of());
    }

    /**
     * @param keys public keys by id
     * @throws IllegalArgumentException if a key is neither Ed25519 nor ECDSA P-256
     */
    public static TrustedKeys of(Map<String, PublicKey> keys) {
        List<TrustedKey> list = new ArrayList<>();
        keys.forEach((id, key) -> list.add(new TrustedKey(id, key, algorithmOf(key))));
        list.sort(Comparator.comparing(TrustedKey::id));
        return new TrustedKeys(list);
    }

    /**
     * Reads every {@code *.pem} file of {@code dir}. A file that is not an Ed25519 or P-256 public key is logged and
     * skipped (a signature by it cannot verify, so skipping it is safe); a missing folder means no key.
     *
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public static TrustedKeys load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return none();
        }
        List<TrustedKey> list = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".pem".length());
                try {
                    list.add(parsePem(id, Files.readString(file, StandardCharsets.US_ASCII)));
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("Trusted firmware key file [{}] skipped: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list firmware keys in " + dir, e);
        }
        list.sort(Comparator.comparing(TrustedKey::id));
        return new TrustedKeys(list);
    }

    /**
     * @param id the key's name
     * @param pem a {@code -----BEGIN PUBLIC KEY-----} block
     * @throws IllegalArgumentException if {@code pem} is not an Ed25519 or ECDSA P-256 public key
     */
    public static TrustedKey parsePem(String id, String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not base64");
        }
        for (String family : List.of("Ed25519", "EC")) {
            try {
                PublicKey key = KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
                return new TrustedKey(id, key, algorithmOf(key));
            } catch (GeneralSecurityException | ClassCastException e) {
                // not this family: try the next one
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or ECDSA P-256 public key");
    }

    private static String algorithmOf(PublicKey key) {
        if (key instanceof EdECPublicKey ed
                && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName())) {
            return ED25519;
        }
        if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
            return ECDSA_P256;
        }
        throw new IllegalArgumentException("not an Ed25519 or ECDSA P-256 public key: " + key.getAlgorithm());
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve()) && params.getOrder().equals(P256.getOrder())
                && params.getGenerator().equals(P256.getGenerator()) && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no secp256r1 curve", e);
        }
    }

    /** @return the keys, in id order. */
    public List<TrustedKey> keys() {
        return keys;
    }

    /** @return whether there is no key. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** @return the key ids, for logs. */
    public List<String> ids() {
        return keys.stream().map(TrustedKey::id).toList();
    }
}
