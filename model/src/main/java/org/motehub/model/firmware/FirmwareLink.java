// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.time.Instant;
import java.util.Objects;

/**
 * A download link for one device and one update: coap-gateway's {@code /fw/{token}} serves the image only to the
 * device it was made for (checked against its DTLS PSK identity) and only until it expires.
 *
 * @param token 16 random bytes, base64url without padding; the last segment of the Package URI
 * @param endpoint the only device allowed to download through this link
 * @param updateId the firmware update it was made for
 * @param firmwareId the image it serves
 * @param expiresAt after this instant the link is refused (4.03)
 */
public record FirmwareLink(String token, String endpoint, String updateId, String firmwareId, Instant expiresAt) {

    public FirmwareLink {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(firmwareId, "firmwareId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** @return whether the link is no longer valid at {@code now}. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
