// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.leshan.client.object.Security;

/**
 * Where the devices of a fleet register and how they authenticate: no security for {@code coap://}, or DTLS-PSK for
 * {@code coaps://} with an identity per device (prefix plus the device's index) and either one fleet key or a key
 * derived per device from a seed. Immutable.
 */
final class FleetCredentials {

    private final URI serverUri;
    private final String identityPrefix;
    private final byte[] key;
    private final byte[] seed;

    private FleetCredentials(URI serverUri, String identityPrefix, byte[] key, byte[] seed) {
        this.serverUri = serverUri;
        this.identityPrefix = identityPrefix;
        this.key = key;
        this.seed = seed;
    }

    /**
     * Checks the server URI and the PSK settings against its scheme.
     *
     * @param serverUri a {@code coap://} or {@code coaps://} URI; the default port (5683 or 5684) is filled in
     * @param identityPrefix the PSK identity prefix if set
     * @param endpointPrefix the endpoint prefix, the default identity prefix
     * @param key the fleet key if set; copied
     * @param seed the key seed if set; copied
     * @return the credentials
     * @throws IllegalArgumentException if the URI is not coap/coaps or has no host, or the key or seed is empty
     * @throws IllegalStateException if coaps:// lacks a key and a seed or has both, or coap:// has PSK settings
     */
    static FleetCredentials of(URI serverUri, Optional<String> identityPrefix, String endpointPrefix,
            Optional<byte[]> key, Optional<byte[]> seed) {
        URI uri = withDefaultPort(Objects.requireNonNull(serverUri, "serverUri"));
        Objects.requireNonNull(endpointPrefix, "endpointPrefix");
        if (key.isPresent() && key.get().length == 0) {
            throw new IllegalArgumentException("pskKey must not be empty");
        }
        if (seed.isPresent() && seed.get().length == 0) {
            throw new IllegalArgumentException("pskSeed must not be empty");
        }
        boolean secure = "coaps".equals(uri.getScheme());
        if (secure && key.isPresent() == seed.isPresent()) {
            throw new IllegalStateException("a coaps:// serverUri needs exactly one of pskKey or pskSeed, got "
                    + (key.isPresent() ? "both" : "neither"));
        }
        if (!secure && (key.isPresent() || seed.isPresent() || identityPrefix.isPresent())) {
            throw new IllegalStateException(
                    "pskKey, pskSeed and pskIdentityPrefix need a coaps:// serverUri, got [" + uri + "]");
        }
        return new FleetCredentials(uri, identityPrefix.orElse(endpointPrefix), key.map(byte[]::clone).orElse(null),
                seed.map(byte[]::clone).orElse(null));
    }

    /** Returns the server URI, with the default port filled in. */
    URI serverUri() {
        return serverUri;
    }

    /** Returns true for DTLS-PSK ({@code coaps://}). */
    boolean isSecure() {
        return key != null || seed != null;
    }

    /**
     * Returns the PSK identity of a device.
     *
     * @param suffix the device's index part of its endpoint name
     * @return the identity, empty without security
     */
    Optional<String> identity(String suffix) {
        return isSecure() ? Optional.of(identityPrefix + suffix) : Optional.empty();
    }

    /**
     * Returns the pre-shared key of a device.
     *
     * @param endpoint the device's endpoint name (input of the seed derivation)
     * @return a copy of the key, empty without security
     */
    Optional<byte[]> key(String endpoint) {
        if (!isSecure()) {
            return Optional.empty();
        }
        return Optional.of(key != null ? key.clone() : PskKeys.derive(seed, endpoint));
    }

    /**
     * Returns the Security object instance (0) of a device.
     *
     * @param endpoint the device's endpoint name
     * @param suffix the device's index part of its endpoint name
     * @param shortServerId the short server id of the LwM2M server
     * @return a new Security instance
     */
    Security security(String endpoint, String suffix, int shortServerId) {
        String uri = serverUri.toString();
        if (!isSecure()) {
            return Security.noSec(uri, shortServerId);
        }
        byte[] identity = identity(suffix).orElseThrow().getBytes(StandardCharsets.UTF_8);
        return Security.psk(uri, shortServerId, identity, key(endpoint).orElseThrow());
    }

    private static URI withDefaultPort(URI uri) {
        int defaultPort;
        if ("coaps".equals(uri.getScheme())) {
            defaultPort = 5684;
        } else if ("coap".equals(uri.getScheme())) {
            defaultPort = 5683;
        } else {
            throw new IllegalArgumentException("serverUri must start with coap:// or coaps:// but was [" + uri + "]");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("serverUri has no host: [" + uri + "]");
        }
        if (uri.getPort() != -1) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + ":" + defaultPort);
    }
}
