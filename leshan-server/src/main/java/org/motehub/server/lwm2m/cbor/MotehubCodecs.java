// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import java.util.Map;
import java.util.Optional;

import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mValueChecker;
import org.eclipse.leshan.core.node.codec.NodeDecoder;
import org.eclipse.leshan.core.node.codec.NodeEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;

/**
 * The LwM2M encoder and decoder Motehub uses: Leshan's defaults (TEXT, OPAQUE, CBOR, TLV, JSON, SenML-JSON,
 * SenML-CBOR) plus LwM2M-CBOR, which Leshan 2.0.0-M15 lacks. Give both to {@code LeshanServerBuilder}, and to a
 * {@code LeshanClientBuilder} for a client that speaks LwM2M-CBOR (the client then announces 11544 in the
 * {@code ct=} attribute of its registration).
 */
public final class MotehubCodecs {

    /** CoAP content format number of LwM2M-CBOR (IANA, LwM2M TS 1.2 Core section 7.4.6). */
    public static final int LWM2M_CBOR_CODE = 11544;

    /**
     * LwM2M-CBOR, {@code application/vnd.oma.lwm2m+cbor}. Leshan M15's {@link ContentFormat} has no constant for it:
     * {@code ContentFormat.fromCode(11544)} returns an "UNKNOWN" format that is {@code equals} to this one (equality is
     * by code), so lookups in the codec maps work whichever instance a request carries.
     */
    public static final ContentFormat LWM2M_CBOR = new ContentFormat("LWM2M_CBOR", "application/vnd.oma.lwm2m+cbor",
            LWM2M_CBOR_CODE);

    private MotehubCodecs() {
    }

    /** @return Leshan's default encoder (value checker, no pre-1.0 codes) extended with LwM2M-CBOR. */
    public static LwM2mEncoder encoder() {
        Map<ContentFormat, NodeEncoder> encoders = DefaultLwM2mEncoder.getDefaultNodeEncoders(false);
        encoders.put(LWM2M_CBOR, new LwM2mCborNodeEncoder());
        return new DefaultLwM2mEncoder(encoders, DefaultLwM2mEncoder.getDefaultPathEncoder(), new LwM2mValueChecker());
    }

    /** @return Leshan's default decoder (no pre-1.0 codes) extended with LwM2M-CBOR. */
    public static LwM2mDecoder decoder() {
        Map<ContentFormat, NodeDecoder> decoders = DefaultLwM2mDecoder.getDefaultNodeDecoders(false);
        decoders.put(LWM2M_CBOR, new LwM2mCborNodeDecoder());
        return new DefaultLwM2mDecoder(decoders, DefaultLwM2mDecoder.getDefaultPathDecoder());
    }

    /**
     * The content format Motehub asks a device for in Read and Observe ({@code Accept}) and uses for Write payloads.
     * Leshan M15 does not choose one by itself: without a format a read carries no {@code Accept} (the device picks,
     * a Leshan client answers TLV) and a write is sent as TLV.
     *
     * @return LwM2M-CBOR when the device lists 11544 in the {@code ct=} attribute of its registration, else empty
     *         (keep Leshan's default)
     */
    public static Optional<ContentFormat> preferredFormat(Registration registration) {
        if (registration != null && registration.getSupportedContentFormats() != null
                && registration.getSupportedContentFormats().contains(LWM2M_CBOR)) {
            return Optional.of(LWM2M_CBOR);
        }
        return Optional.empty();
    }
}
