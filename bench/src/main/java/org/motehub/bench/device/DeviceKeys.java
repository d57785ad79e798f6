// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names and pre-shared keys of a simulated fleet, derived from a seed so that the generator and the server
 * process agree on thousands of keys without exchanging a list: device {@code i} is {@code <prefix><i, 6 digits>},
 * its PSK identity is its endpoint name, and its key is the first 16 bytes of HMAC-SHA256(seed, endpoint).
 */
public final class DeviceKeys {

    private static final int KEY_LENGTH = 16;

    private final byte[] seed;
    private final String prefix;

    /**
     * @param seed the fleet secret, not empty
     * @param prefix the endpoint name prefix, e.g. {@code bench-}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code seed} is empty
     */
    public DeviceKeys(byte[] seed, String prefix) {
        this.seed = Objects.requireNonNull(seed, "seed").clone();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
    }

    /** @return the endpoint name of device {@code index}. */
    public String endpoint(int index) {
        return prefix + String.format("%06d", index);
    }

    /** @return the PSK identity of {@code endpoint} (the endpoint name itself). */
    public String identity(String endpoint) {
        return endpoint;
    }

    /** @return a new array holding the 16-byte pre-shared key of {@code endpoint}. */
    public byte[] key(String endpoint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(endpoint.getBytes(StandardCharsets.UTF_8)), KEY_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** @return the key of {@code endpoint} as hexadecimal text. */
    public String keyHex(String endpoint) {
        return HexFormat.of().formatHex(key(endpoint));
    }

    /** @return the seed as hexadecimal text, to hand to the server process. */
    public String seedHex() {
        return HexFormat.of().formatHex(seed);
    }

    /** @return the endpoint name prefix. */
    public String prefix() {
        return prefix;
    }
}
