// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.motehub.model.telemetry.Aggregate;

/**
 * Compact encoding of telemetry values and rollup rows. A value is a one-byte tag and its payload; doubles that are
 * short decimals (such as {@code 21.37}) are stored as a scaled integer, doubles exact in single precision as 4 bytes,
 * and others as 8, so that the common sensor reading takes 2 to 5 bytes. Every value decodes to an equal object of
 * the same type (including {@code -0.0} and NaN).
 */
final class TelemetryValueCodec {

    private static final int FALSE = 0x00;
    private static final int TRUE = 0x01;
    private static final int LONG = 0x02;
    private static final int DOUBLE = 0x03;
    private static final int FLOAT = 0x04;
    private static final int STRING = 0x05;
    private static final int TIME = 0x06;
    /** 0x10 + scale: a double equal to mantissa / 10^scale, scale 0..9. */
    private static final int DECIMAL = 0x10;
    private static final int MAX_SCALE = 9;
    private static final double[] POW10 = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
    private static final long MAX_EXACT = 1L << 53;

    private TelemetryValueCodec() {
    }

    static byte[] encode(Object value) {
        if (value instanceof Double d) {
            return encodeDouble(d);
        }
        if (value instanceof Long l) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(10);
            out.write(LONG);
            writeVarLong(out, zigzag(l));
            return out.toByteArray();
        }
        if (value instanceof Boolean b) {
            return new byte[] { (byte) (b ? TRUE : FALSE) };
        }
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            out[0] = STRING;
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        if (value instanceof Instant t) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16);
            out.write(TIME);
            writeVarLong(out, zigzag(t.getEpochSecond()));
            writeVarLong(out, t.getNano());
            return out.toByteArray();
        }
        throw new IllegalArgumentException("unsupported telemetry value type " + value.getClass().getName());
    }

    private static byte[] encodeDouble(double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (Double.isFinite(v)) {
            for (int scale = 0; scale <= MAX_SCALE; scale++) {
                double scaled = v * POW10[scale];
                if (Math.abs(scaled) >= MAX_EXACT) {
                    break;
                }
                long mantissa = Math.round(scaled);
                if (Double.doubleToRawLongBits(mantissa / POW10[scale]) == bits) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
                    out.write(DECIMAL + scale);
                    writeVarLong(out, zigzag(mantissa));
                    if (out.size() <= 5 || (double) (float) v != v) {
                        return out.toByteArray();
                    }
                    break;
                }
            }
        }
        float f = (float) v;
        if (Double.doubleToRawLongBits(f) == bits) {
            return ByteBuffer.allocate(5).put((byte) FLOAT).putFloat(f).array();
        }
        return ByteBuffer.allocate(9).put((byte) DOUBLE).putLong(bits).array();
    }

    static Object decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int tag = in.get() & 0xff;
        if (tag >= DECIMAL && tag <= DECIMAL + MAX_SCALE) {
            return unzigzag(readVarLong(in)) / POW10[tag - DECIMAL];
        }
        return switch (tag) {
        case FALSE -> Boolean.FALSE;
        case TRUE -> Boolean.TRUE;
        case LONG -> unzigzag(readVarLong(in));
        case DOUBLE -> Double.longBitsToDouble(in.getLong());
        case FLOAT -> (double) in.getFloat();
        case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        case TIME -> Instant.ofEpochSecond(unzigzag(readVarLong(in)), readVarLong(in));
        default -> throw new IllegalStateException("unknown telemetry value tag " + tag);
        };
    }

    static byte[] encodeAggregate(Aggregate a) {
        ByteArrayOutputStream varint = new ByteArrayOutputStream(10);
        writeVarLong(varint, a.count());
        return ByteBuffer.allocate(varint.size() + 24).put(varint.toByteArray()).putDouble(a.sum())
                .putDouble(a.min()).putDouble(a.max()).array();
    }

    static Aggregate decodeAggregate(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long count = readVarLong(in);
        return new Aggregate(count, in.getDouble(), in.getDouble(), in.getDouble());
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarLong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarLong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed varint in a telemetry value");
    }
}
