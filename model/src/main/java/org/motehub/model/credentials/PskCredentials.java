// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.credentials;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A device's DTLS pre-shared key and the identity it presents in the handshake. The key is secret: it is never
 * returned by the REST API nor written to logs ({@link #toString()} hides it).
 *
 * @param endpoint the device's LwM2M endpoint
 * @param identity the PSK identity
 * @param key the pre-shared key bytes
 */
public record PskCredentials(String endpoint, String identity, byte[] key) {

    public PskCredentials {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(identity, "identity");
        key = Objects.requireNonNull(key, "key").clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskCredentials other && endpoint.equals(other.endpoint)
                && identity.equals(other.identity) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, identity, Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return "PskCredentials[endpoint=" + endpoint + ", identity=" + identity + ", key=(" + key.length
                + " bytes)]";
    }

    /** @return the key as lower-case hexadecimal text. */
    public String keyHex() {
        return HexFormat.of().formatHex(key);
    }
}
