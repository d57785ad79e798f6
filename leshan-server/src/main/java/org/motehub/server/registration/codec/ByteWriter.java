// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * Growable byte buffer that writes the primitives of the stored registration form: unsigned LEB128 varints, zig-zag
 * signed varints, 8-byte big-endian longs, length-prefixed byte runs and UTF-8 strings (length + 1, 0 for null).
 * {@link java.io.DataOutputStream} would add a stream and synchronized writes. Not thread-safe: one per encode.
 */
final class ByteWriter {

    private byte[] buf;
    private int len;

    ByteWriter(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void rawByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    void signedVarLong(long v) {
        varLong((v << 1) ^ (v >> 63));
    }

    void fixedLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    void bytes(byte[] b) {
        varLong(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void string(String s) {
        if (s == null) {
            varLong(0);
            return;
        }
        byte[] b = s.getBytes(UTF_8);
        varLong(b.length + 1L);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
