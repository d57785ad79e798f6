// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives one DTLS pre-shared key per device from a fleet-wide seed, so that a server can be provisioned for
 * thousands of simulated devices without storing a key list: the key is the first 16 bytes of
 * HMAC-SHA256(seed, endpoint in UTF-8).
 */
public final class PskKeys {

    /** Length in bytes of a derived key (128 bits, what the common PSK cipher suites use). */
    public static final int KEY_LENGTH = 16;

    private static final String HMAC_SHA256 = "HmacSHA256";

    private PskKeys() {
    }

    /**
     * Derives the pre-shared key of one device.
     *
     * @param seed the fleet-wide secret seed; must not be empty
     * @param endpoint the device's LwM2M endpoint name
     * @return a new array of {@link #KEY_LENGTH} bytes, always the same for the same seed and endpoint
     * @throws NullPointerException if {@code seed} or {@code endpoint} is null
     * @throws IllegalArgumentException if {@code seed} is empty
     */
    public static byte[] derive(byte[] seed, String endpoint) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(endpoint, "endpoint");
        if (seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(seed, HMAC_SHA256));
            byte[] digest = mac.doFinal(endpoint.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, KEY_LENGTH);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory on every Java platform, so this is a broken JRE
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
