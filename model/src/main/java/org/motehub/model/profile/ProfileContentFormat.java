// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.Optional;

/**
 * The content formats a profile may prefer for observations, with their CoAP content-format codes. Which of them a
 * server accepts depends on the codecs plugged into its LwM2M stack; see {@link ProfileRules}.
 */
public enum ProfileContentFormat {
    /** {@code application/vnd.oma.lwm2m+tlv}, LwM2M 1.0's mandatory format; no timestamps, no composite. */
    TLV(11542, false),
    /** {@code application/senml+json} (LwM2M 1.1). */
    SENML_JSON(110, true),
    /** {@code application/senml+cbor} (LwM2M 1.1). */
    SENML_CBOR(112, true),
    /** {@code application/vnd.oma.lwm2m+cbor} (LwM2M 1.2). */
    LWM2M_CBOR(11544, true);

    private final int code;
    private final boolean composite;

    ProfileContentFormat(int code, boolean composite) {
        this.code = code;
        this.composite = composite;
    }

    /** @return the CoAP content-format code. */
    public int code() {
        return code;
    }

    /** @return whether the format can carry several paths at once, as Observe-Composite needs. */
    public boolean supportsComposite() {
        return composite;
    }

    /** @return the format with this exact name, if any. */
    public static Optional<ProfileContentFormat> named(String name) {
        for (ProfileContentFormat f : values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
