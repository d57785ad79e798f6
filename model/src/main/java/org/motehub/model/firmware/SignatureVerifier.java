// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

/**
 * Checks the detached signature of an uploaded image against the operator's trusted keys, with the JDK's own
 * crypto (Ed25519, or ECDSA P-256 over SHA-256 with a DER signature). The signature is base64 of the bytes that
 * {@code openssl pkeyutl -sign -rawin} (Ed25519) or {@code openssl dgst -sha256 -sign} (ECDSA) writes.
 */
public final class SignatureVerifier {

    /** Longest base64 signature accepted (an Ed25519 signature is 88 characters, a P-256 DER one at most 96). */
    public static final int MAX_SIGNATURE_LENGTH = 256;

    /**
     * The key that verified an image.
     *
     * @param keyId the trusted key's id
     * @param algorithm the JCA signature algorithm: {@link TrustedKeys#ED25519} or {@link TrustedKeys#ECDSA_P256}
     */
    public record Verified(String keyId, String algorithm) {
    }

    private final Supplier<TrustedKeys> keys;
    private final SigningMode mode;

    /**
     * @param keys the trusted keys, asked again for each image (so a folder of keys can be re-read)
     * @param mode whether a signature is required
     * @throws NullPointerException if an argument is null
     */
    public SignatureVerifier(Supplier<TrustedKeys> keys, SigningMode mode) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** A verifier with a fixed set of keys. */
    public SignatureVerifier(TrustedKeys keys, SigningMode mode) {
        this(constant(keys), mode);
    }

    private static Supplier<TrustedKeys> constant(TrustedKeys keys) {
        Objects.requireNonNull(keys, "keys");
        return () -> keys;
    }

    /** @return whether a signature is required. */
    public SigningMode mode() {
        return mode;
    }

    /** @return the keys trusted now. */
    public TrustedKeys trustedKeys() {
        return keys.get();
    }

    /**
     * Checks what can be checked before the image is read: presence (when required) and base64 syntax.
     *
     * @param signature the base64 signature, or null
     * @param errors where an error about {@code signature} is added
     */
    public void precheck(String signature, List<FieldError> errors) {
        if (signature == null || signature.isBlank()) {
            if (mode == SigningMode.REQUIRED) {
                errors.add(new FieldError("signature", "is required: sign the image with a trusted Ed25519 or "
                        + "ECDSA P-256 key and give the base64 detached signature"));
            }
            return;
        }
        if (signature.length() > MAX_SIGNATURE_LENGTH) {
            errors.add(new FieldError("signature", "must be at most " + MAX_SIGNATURE_LENGTH + " characters"));
        } else if (decode(signature) == null) {
            errors.add(new FieldError("signature", "must be base64"));
        }
    }

    /**
     * Verifies {@code signature} over the image, chunk by chunk, with each trusted key until one accepts it.
     *
     * @param signature the base64 signature, or null
     * @param image the image bytes, in order
     * @return the key that verified it; empty when there is no signature and signing is off
     * @throws InvalidInputException naming {@code signature} when it is missing (and required), malformed, or
     *         verified by no trusted key
     */
    public Optional<Verified> verify(String signature, List<byte[]> image) {
        List<FieldError> errors = new ArrayList<>();
        precheck(signature, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (signature == null || signature.isBlank()) {
            return Optional.empty();
        }
        byte[] sig = decode(signature);
        TrustedKeys trusted = keys.get();
        if (trusted.isEmpty()) {
            throw new InvalidInputException("signature", "cannot be verified: the server trusts no signing key");
        }
        for (TrustedKeys.TrustedKey key : trusted.keys()) {
            if (verifies(key, sig, image)) {
                return Optional.of(new Verified(key.id(), key.algorithm()));
            }
        }
        throw new InvalidInputException("signature", "does not verify the image with any trusted key");
    }

    private static boolean verifies(TrustedKeys.TrustedKey key, byte[] sig, List<byte[]> image) {
        try {
            Signature verifier = Signature.getInstance(key.algorithm());
            verifier.initVerify(key.key());
            for (byte[] chunk : image) {
                verifier.update(chunk);
            }
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            // a signature of the other algorithm (or garbage) fails to parse: not verified by this key
            return false;
        }
    }

    private static byte[] decode(String signature) {
        try {
            return Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
