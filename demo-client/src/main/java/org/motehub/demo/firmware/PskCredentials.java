// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.leshan.client.LwM2mClient;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * A DTLS pre-shared key: the identity and secret a device uses with its LwM2M DM server, which also authorize its
 * firmware downloads from that server.
 *
 * @param identity the PSK identity
 * @param key the secret key; copied in and out
 */
public record PskCredentials(String identity, byte[] key) {

    /** Security Mode (resource 2) value of a pre-shared key. */
    private static final long MODE_PSK = 0;

    /**
     * Checks and copies the values.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key is empty
     */
    public PskCredentials {
        Objects.requireNonNull(identity, "identity");
        key = Objects.requireNonNull(key, "key").clone();
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /**
     * Reads the PSK of the first LwM2M (non-bootstrap) server from a client's Security object (0), as it stands now:
     * after a bootstrap, these are the DM credentials the bootstrap server wrote.
     *
     * @param client the client whose objects to read
     * @return the credentials, or empty if no DM server account uses a pre-shared key
     */
    public static Optional<PskCredentials> fromSecurityObject(LwM2mClient client) {
        Objects.requireNonNull(client, "client");
        LwM2mObjectEnabler security = client.getObjectTree().getObjectEnabler(LwM2mId.SECURITY);
        if (security == null) {
            return Optional.empty();
        }
        ReadResponse response = security.read(LwM2mServer.SYSTEM, new ReadRequest(LwM2mId.SECURITY));
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObject object)) {
            return Optional.empty();
        }
        for (LwM2mObjectInstance instance : object.getInstances().values()) {
            if (Boolean.TRUE.equals(value(instance, LwM2mId.SEC_BOOTSTRAP))
                    || !Long.valueOf(MODE_PSK).equals(value(instance, LwM2mId.SEC_SECURITY_MODE))
                    || !(value(instance, LwM2mId.SEC_PUBKEY_IDENTITY) instanceof byte[] identity)
                    || !(value(instance, LwM2mId.SEC_SECRET_KEY) instanceof byte[] secret) || secret.length == 0) {
                continue;
            }
            return Optional.of(new PskCredentials(new String(identity, StandardCharsets.UTF_8), secret));
        }
        return Optional.empty();
    }

    private static Object value(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource resource = instance.getResource(resourceId);
        return resource == null ? null : resource.getValue();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PskCredentials that && identity.equals(that.identity)
                && java.util.Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }

    @Override
    public String toString() {
        return "PskCredentials[identity=" + identity + ", key=(" + key.length + " bytes)]";
    }
}
