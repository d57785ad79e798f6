// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.lwm2m.cbor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.LinkParser;
import org.eclipse.leshan.core.link.LinkSerializer;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.util.datatype.ULong;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EInteger;

/**
 * Converts one LwM2M resource value to and from its CBOR data item, the leaf of an LwM2M-CBOR payload.
 * <p>
 * Encoding: Integer as CBOR major type 0/1, Unsigned Integer as major type 0 over the full 64 bits, Float in the
 * shortest IEEE 754 form that keeps the value (RFC 8949 section 4.2.2, done by the CBOR library), Boolean as simple
 * value, String and Corelnk as text string, Opaque as byte string, Objlnk as text {@code "3:0"} and Time as tag 1
 * over the integer number of seconds since the epoch (the convention of Leshan's plain CBOR format 60).
 * <p>
 * Decoding is strict about the major type (a text string for an Integer resource is refused) but accepts every
 * encoding of a number that a CBOR writer may legitimately choose: half/single/double floats, an integer or a decimal
 * fraction (tag 4) for a Float resource, bignums (tags 2 and 3) in range, and Time as an untagged integer, tag 1 over
 * an integer or a float, or tag 0 over an RFC 3339 text string (Zephyr writes the latter for plain CBOR).
 */
final class LwM2mCborValues {

    private static final int TAG_DATE_TEXT = 0;
    private static final int TAG_EPOCH = 1;
    private static final EInteger MAX_UNSIGNED = EInteger.FromString("18446744073709551615");

    private final LinkSerializer linkSerializer;
    private final LinkParser linkParser;

    LwM2mCborValues(LinkSerializer linkSerializer, LinkParser linkParser) {
        this.linkSerializer = linkSerializer;
        this.linkParser = linkParser;
    }

    /**
     * @param value the value, already converted to the Java type Leshan uses for {@code type}
     * @throws CodecException if the type cannot be carried (NONE) or the value does not fit it
     */
    CBORObject toCbor(Type type, Object value, LwM2mPath path) {
        if (value == null) {
            throw new CodecException("no value to encode for %s", path);
        }
        try {
            switch (type) {
            case INTEGER:
                return CBORObject.FromObject(((Number) value).longValue());
            case UNSIGNED_INTEGER:
                return CBORObject.FromObject(EInteger.FromString(Long.toUnsignedString(((ULong) value).longValue())));
            case FLOAT:
                return CBORObject.FromObject(((Number) value).doubleValue());
            case BOOLEAN:
                return ((Boolean) value) ? CBORObject.True : CBORObject.False;
            case STRING:
                return CBORObject.FromObject((String) value);
            case OPAQUE:
                return CBORObject.FromObject((byte[]) value);
            case TIME:
                return CBORObject.FromObjectAndTag(Math.floorDiv(((Date) value).getTime(), 1000L), TAG_EPOCH);
            case OBJLNK:
                return CBORObject.FromObject(((ObjectLink) value).encodeToString());
            case CORELINK:
                return CBORObject.FromObject(linkSerializer.serializeCoreLinkFormat((Link[]) value));
            default:
                throw new CodecException("resource %s of type %s has no value to encode in LwM2M-CBOR", path, type);
            }
        } catch (ClassCastException e) {
            throw new CodecException(e, "value %s of %s is not a %s", value, path, type);
        }
    }

    /**
     * @return the Java value Leshan uses for {@code type}
     * @throws CodecException if the CBOR item is not an encoding of a {@code type} value
     */
    Object fromCbor(Type type, CBORObject cbor, LwM2mPath path) {
        Object value = switch (type) {
        case INTEGER -> signed(cbor);
        case UNSIGNED_INTEGER -> unsigned(cbor);
        case FLOAT -> floating(cbor);
        case BOOLEAN -> cbor.getType() == CBORType.Boolean ? cbor.AsBoolean() : null;
        case STRING -> cbor.getType() == CBORType.TextString ? cbor.AsString() : null;
        case OPAQUE -> cbor.getType() == CBORType.ByteString && !cbor.isTagged() ? cbor.GetByteString() : null;
        case TIME -> time(cbor, path);
        case OBJLNK -> objectLink(cbor);
        case CORELINK -> coreLinks(cbor, path);
        default -> throw new CodecException("resource %s of type %s cannot carry a value", path, type);
        };
        if (value == null) {
            throw new CodecException("CBOR %s is not a valid %s value for %s", cbor, type, path);
        }
        return value;
    }

    /**
     * @return the LwM2M type that the CBOR item most likely carries, for a resource missing from the model
     * @throws CodecException for CBOR items that carry no LwM2M value (arrays, maps, null)
     */
    static Type guessType(CBORObject cbor, LwM2mPath path) {
        if (cbor.HasMostOuterTag(TAG_EPOCH) || cbor.HasMostOuterTag(TAG_DATE_TEXT)) {
            return Type.TIME;
        }
        if (cbor.getType() == CBORType.Integer || cbor.HasMostOuterTag(2) || cbor.HasMostOuterTag(3)) {
            return signed(cbor) != null ? Type.INTEGER : Type.UNSIGNED_INTEGER;
        }
        switch (cbor.getType()) {
        case Boolean:
            return Type.BOOLEAN;
        case FloatingPoint:
            return Type.FLOAT;
        case TextString:
            return Type.STRING;
        case ByteString:
            return Type.OPAQUE;
        default:
            if (cbor.isNumber()) {
                return Type.FLOAT;
            }
            throw new CodecException("CBOR %s for %s is not a resource value", cbor, path);
        }
    }

    /** @return the integer an Integer item or a bignum (tags 2, 3) stands for, or null for anything else. */
    private static EInteger integer(CBORObject cbor) {
        boolean bignum = cbor.HasOneTag(2) || cbor.HasOneTag(3);
        if ((cbor.getType() == CBORType.Integer && !cbor.isTagged()) || bignum) {
            return cbor.AsNumber().ToEIntegerIfExact();
        }
        return null;
    }

    private static Long signed(CBORObject cbor) {
        EInteger i = integer(cbor);
        return i != null && i.CanFitInInt64() ? i.ToInt64Checked() : null;
    }

    private static ULong unsigned(CBORObject cbor) {
        EInteger i = integer(cbor);
        if (i == null || i.signum() < 0 || i.compareTo(MAX_UNSIGNED) > 0) {
            return null;
        }
        return ULong.valueOf(new BigInteger(i.toString()));
    }

    private static Double floating(CBORObject cbor) {
        if (cbor.getType() == CBORType.FloatingPoint && !cbor.isTagged()) {
            return cbor.AsDoubleValue();
        }
        // an integral value written as an integer, a decimal fraction (tag 4), a bigfloat (tag 5) or a bignum
        boolean tagged = cbor.HasOneTag(2) || cbor.HasOneTag(3) || cbor.HasOneTag(4) || cbor.HasOneTag(5);
        if ((cbor.getType() == CBORType.Integer && !cbor.isTagged()) || (tagged && cbor.isNumber())) {
            return cbor.AsNumber().ToEFloat().ToDouble();
        }
        return null;
    }

    private static Date time(CBORObject cbor, LwM2mPath path) {
        if (cbor.HasOneTag(TAG_DATE_TEXT) && cbor.getType() == CBORType.TextString) {
            try {
                return Date.from(OffsetDateTime.parse(cbor.AsString()).toInstant());
            } catch (DateTimeParseException e) {
                throw new CodecException(e, "time %s of %s is not an RFC 3339 date", cbor, path);
            }
        }
        CBORObject seconds = cbor.HasOneTag(TAG_EPOCH) ? cbor.UntagOne() : cbor;
        if (cbor.isTagged() && !cbor.HasOneTag(TAG_EPOCH)) {
            return null;
        }
        if (seconds.getType() == CBORType.Integer && seconds.AsNumber().CanFitInInt64()) {
            long value = seconds.AsInt64Value();
            return Math.abs(value) < Long.MAX_VALUE / 1000 ? new Date(value * 1000L) : null;
        }
        if (seconds.getType() == CBORType.FloatingPoint && cbor.HasOneTag(TAG_EPOCH)
                && Double.isFinite(seconds.AsDoubleValue())) {
            return new Date(Math.round(seconds.AsDoubleValue() * 1000d));
        }
        return null;
    }

    private static ObjectLink objectLink(CBORObject cbor) {
        if (cbor.getType() != CBORType.TextString) {
            return null;
        }
        try {
            return ObjectLink.decodeFromString(cbor.AsString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Link[] coreLinks(CBORObject cbor, LwM2mPath path) {
        if (cbor.getType() != CBORType.TextString) {
            return null;
        }
        try {
            return linkParser.parseCoreLinkFormat(cbor.AsString().getBytes(UTF_8));
        } catch (LinkParseException e) {
            throw new CodecException(e, "%s of %s is not CoRE link format", cbor, path);
        }
    }
}
