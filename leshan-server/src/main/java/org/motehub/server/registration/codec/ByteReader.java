// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote, checking every length and range against the bytes left, so that a truncated
 * or damaged stored value is an IllegalArgumentException, never an index error or a huge allocation. Not thread-safe:
 * one per decode.
 */
final class ByteReader {

    private final byte[] buf;
    private int pos;

    ByteReader(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    private void need(int n) {
        if (n < 0 || n > buf.length - pos) {
            throw new IllegalArgumentException(
                    "stored registration is truncated: " + n + " bytes needed at offset " + pos + " of " + buf.length);
        }
    }

    byte rawByte() {
        need(1);
        return buf[pos++];
    }

    long varLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = rawByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("stored registration has a malformed number before offset " + pos);
    }

    long signedVarLong() {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    int signedVarInt() {
        long v = signedVarLong();
        if (v != (int) v) {
            throw new IllegalArgumentException("stored registration has an out-of-range number before offset " + pos);
        }
        return (int) v;
    }

    /** @return a non-negative int: a count, an id or a version part */
    int count() {
        long v = varLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stored registration has an out-of-range count before offset " + pos);
        }
        return (int) v;
    }

    /** @return a count of elements that take at least a byte each, so never more than the bytes left */
    int elements() {
        int n = count();
        if (n > remaining()) {
            throw new IllegalArgumentException("stored registration is truncated: " + n
                    + " elements announced at offset " + pos + " of " + buf.length);
        }
        return n;
    }

    int port() {
        int port = count();
        if (port > 0xFFFF) {
            throw new IllegalArgumentException("stored registration has the invalid port " + port);
        }
        return port;
    }

    long fixedLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    byte[] bytes() {
        int n = count();
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    String string() {
        int n = count() - 1;
        if (n < 0) {
            return null;
        }
        need(n);
        String s = new String(buf, pos, n, UTF_8);
        pos += n;
        return s;
    }
}
