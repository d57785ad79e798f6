// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Firmware signing keys with the JDK's own crypto: Ed25519 or ECDSA on P-256 (signature {@code SHA256withECDSA}, DER
 * encoded), PEM files (PKCS#8 {@code PRIVATE KEY}, X.509 {@code PUBLIC KEY}) as {@code openssl} writes them.
 */
public final class FirmwareKeys {

    /** The two signature algorithms a firmware key may use. */
    public enum Algorithm {
        /** Ed25519 (RFC 8032); signatures are 64 bytes. */
        ED25519("Ed25519"),
        /** ECDSA on NIST P-256 with SHA-256; signatures are DER sequences of up to 72 bytes. */
        EC_P256("SHA256withECDSA");

        private final String signatureAlgorithm;

        Algorithm(String signatureAlgorithm) {
            this.signatureAlgorithm = signatureAlgorithm;
        }

        /** Returns the JDK {@link Signature} algorithm name. */
        public String signatureAlgorithm() {
            return signatureAlgorithm;
        }
    }

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final ECParameterSpec P256 = p256();

    private FirmwareKeys() {
    }

    /**
     * Generates a new key pair.
     *
     * @param algorithm the algorithm
     * @return a new key pair
     * @throws NullPointerException if {@code algorithm} is null
     */
    public static KeyPair generate(Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            if (algorithm == Algorithm.ED25519) {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /**
     * Returns the algorithm of a key.
     *
     * @param key an Ed25519 or P-256 key, public or private
     * @return its algorithm
     * @throws IllegalArgumentException if the key is of another type or curve
     */
    public static Algorithm algorithmOf(Key key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof EdECKey edKey && "Ed25519".equalsIgnoreCase(edKey.getParams().getName())) {
            return Algorithm.ED25519;
        }
        if (key instanceof ECKey ecKey && sameCurve(ecKey.getParams(), P256)) {
            return Algorithm.EC_P256;
        }
        throw new IllegalArgumentException("firmware keys must be Ed25519 or ECDSA P-256, got [" + key.getAlgorithm()
                + "]");
    }

    /**
     * Signs data.
     *
     * @param key an Ed25519 or P-256 private key
     * @param data the data
     * @return the signature (raw 64 bytes for Ed25519, DER for ECDSA)
     * @throws IllegalArgumentException if the key is of an unsupported type
     */
    public static byte[] sign(PrivateKey key, byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            Signature signature = Signature.getInstance(algorithmOf(key).signatureAlgorithm());
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("cannot sign with this key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * Checks a signature.
     *
     * @param key an Ed25519 or P-256 public key
     * @param data the signed data
     * @param signature the signature
     * @return true if the signature is valid for this key and data; false otherwise, including a malformed signature
     *         or a key of another algorithm
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        try {
            Signature verifier = Signature.getInstance(algorithmOf(key).signatureAlgorithm());
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verification failed", e);
        }
    }

    /**
     * Encodes a private key as PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8).
     *
     * @param key the key
     * @return the PEM text, ending with a newline
     */
    public static String toPem(PrivateKey key) {
        return pem(PRIVATE_LABEL, Objects.requireNonNull(key, "key").getEncoded());
    }

    /**
     * Encodes a public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo).
     *
     * @param key the key
     * @return the PEM text, ending with a newline
     */
    public static String toPem(PublicKey key) {
        return pem(PUBLIC_LABEL, Objects.requireNonNull(key, "key").getEncoded());
    }

    /**
     * Decodes a PKCS#8 PEM private key (Ed25519 or P-256).
     *
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException if the text is not such a key
     */
    public static PrivateKey readPrivateKey(String pem) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(pem, PRIVATE_LABEL));
        PrivateKey key = (PrivateKey) decode(spec, true);
        algorithmOf(key);
        return key;
    }

    /**
     * Decodes an X.509 PEM public key (Ed25519 or P-256).
     *
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException if the text is not such a key
     */
    public static PublicKey readPublicKey(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der(pem, PUBLIC_LABEL));
        PublicKey key = (PublicKey) decode(spec, false);
        algorithmOf(key);
        return key;
    }

    /**
     * Reads a PEM private key file.
     *
     * @param file the file
     * @return the key
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it does not hold such a key
     */
    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(readString(file));
    }

    /**
     * Reads a PEM public key file.
     *
     * @param file the file
     * @return the key
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it does not hold such a key
     */
    public static PublicKey readPublicKey(Path file) {
        return readPublicKey(readString(file));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Key decode(KeySpec spec, boolean isPrivate) {
        for (String algorithm : new String[] { "Ed25519", "EC" }) {
            try {
                KeyFactory factory = KeyFactory.getInstance(algorithm);
                return isPrivate ? factory.generatePrivate(spec) : factory.generatePublic(spec);
            } catch (InvalidKeySpecException | ClassCastException e) {
                // not this algorithm: try the next one
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + algorithm, e);
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or EC " + (isPrivate ? "private" : "public") + " key");
    }

    private static byte[] der(String pem, String label) {
        Objects.requireNonNull(pem, "pem");
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " block");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + label.toLowerCase(Locale.ROOT) + " block is not base64", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks secp256r1", e);
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getOrder().equals(b.getOrder())
                && a.getGenerator().equals(b.getGenerator());
    }
}
