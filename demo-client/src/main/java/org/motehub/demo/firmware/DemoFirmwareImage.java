// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import org.motehub.demo.firmware.FirmwareImageException.Reason;

/**
 * The demo devices' firmware image format, in the spirit of MCUboot: a header (magic, version, device type), the
 * payload, and a trailer holding the SHA-256 of header and payload, an optional signature over that digest, and a
 * closing magic. All integers are big-endian.
 *
 * <pre>
 * offset      size  field
 * 0           4     header magic 0x4D484657 ("MHFW")
 * 4           2     header size H = 14 + V + D
 * 6           2     format version, 1
 * 8           4     payload size P
 * 12          1     V, length of the version (1..64)
 * 13          V     version, UTF-8 (e.g. "1.1.0")
 * 13+V        1     D, length of the device type (1..64)
 * 14+V        D     device type, UTF-8 (e.g. "demo-sensor")
 * H           P     payload
 * H+P         1     signature type: 0 none, 1 Ed25519, 2 ECDSA P-256 (SHA256withECDSA, DER)
 * H+P+1       32    SHA-256 of bytes [0, H+P)
 * H+P+33      2     S, signature length (0 for type 0)
 * H+P+35      S     signature of the 32 digest bytes
 * H+P+35+S    4     trailer magic 0x4D484654 ("MHFT"); the image ends here
 * </pre>
 *
 * A device refuses an image that does not follow this layout with Update Result 6, and one whose digest or signature
 * does not match with Update Result 5. The operator additionally signs the whole file (a detached signature,
 * {@link #detachedSignature(PrivateKey)}), which is what the server checks on upload.
 */
public final class DemoFirmwareImage {

    /** "MHFW", first four bytes. */
    public static final int HEADER_MAGIC = 0x4D484657;
    /** "MHFT", last four bytes. */
    public static final int TRAILER_MAGIC = 0x4D484654;
    /** The only format version. */
    public static final int FORMAT_VERSION = 1;
    /** Most bytes of the version and of the device type. */
    public static final int MAX_NAME_BYTES = 64;

    private static final int FIXED_HEADER = 14;
    private static final int DIGEST_BYTES = 32;
    /** Trailer without the signature: type, digest, signature length, magic. */
    private static final int FIXED_TRAILER = 1 + DIGEST_BYTES + 2 + 4;
    private static final int MAX_SIGNATURE_BYTES = 255;

    /** Signature types of the trailer. */
    public enum SignatureType {
        /** 0: unsigned; only the SHA-256 is checked. */
        NONE,
        /** 1: Ed25519. */
        ED25519,
        /** 2: ECDSA P-256 with SHA-256. */
        ECDSA_P256;

        static SignatureType of(FirmwareKeys.Algorithm algorithm) {
            return algorithm == FirmwareKeys.Algorithm.ED25519 ? ED25519 : ECDSA_P256;
        }
    }

    private final byte[] bytes;
    private final String version;
    private final String deviceType;
    private final int headerSize;
    private final int payloadSize;
    private final SignatureType signatureType;
    private final byte[] digest;
    private final byte[] signature;

    private DemoFirmwareImage(byte[] bytes, String version, String deviceType, int headerSize, int payloadSize,
            SignatureType signatureType, byte[] digest, byte[] signature) {
        this.bytes = bytes;
        this.version = version;
        this.deviceType = deviceType;
        this.headerSize = headerSize;
        this.payloadSize = payloadSize;
        this.signatureType = signatureType;
        this.digest = digest;
        this.signature = signature;
    }

    /**
     * Parses an image, checking its layout but not its digest or signature (see {@link #verify(Optional)}).
     *
     * @param image the whole image; not copied, do not change it afterwards
     * @return the parsed image
     * @throws FirmwareImageException with {@link Reason#FORMAT} if it is not a demo image
     */
    public static DemoFirmwareImage parse(byte[] image) throws FirmwareImageException {
        Objects.requireNonNull(image, "image");
        if (image.length < FIXED_HEADER + 2 + FIXED_TRAILER) {
            throw format("only " + image.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(image);
        if (in.getInt() != HEADER_MAGIC) {
            throw format("no header magic");
        }
        int headerSize = Short.toUnsignedInt(in.getShort());
        int formatVersion = Short.toUnsignedInt(in.getShort());
        if (formatVersion != FORMAT_VERSION) {
            throw format("format version " + formatVersion);
        }
        long payloadSize = Integer.toUnsignedLong(in.getInt());
        String version = name(in, "version");
        String deviceType = name(in, "device type");
        if (in.position() != headerSize) {
            throw format("header size " + headerSize + " but the header holds " + in.position() + " bytes");
        }
        long trailerStart = headerSize + payloadSize;
        if (trailerStart + FIXED_TRAILER > image.length) {
            throw format("payload size " + payloadSize + " goes past the end");
        }
        in.position((int) trailerStart);
        int type = Byte.toUnsignedInt(in.get());
        if (type >= SignatureType.values().length) {
            throw format("signature type " + type);
        }
        byte[] digest = new byte[DIGEST_BYTES];
        in.get(digest);
        int signatureSize = Short.toUnsignedInt(in.getShort());
        SignatureType signatureType = SignatureType.values()[type];
        if ((signatureType == SignatureType.NONE) != (signatureSize == 0)) {
            throw format("signature type " + signatureType + " with " + signatureSize + " signature bytes");
        }
        if (in.remaining() != signatureSize + 4) {
            throw format("trailer length does not match the image length");
        }
        byte[] signature = new byte[signatureSize];
        in.get(signature);
        if (in.getInt() != TRAILER_MAGIC) {
            throw format("no trailer magic");
        }
        return new DemoFirmwareImage(image, version, deviceType, headerSize, (int) payloadSize, signatureType, digest,
                signature);
    }

    /**
     * Checks the SHA-256 of header and payload and, with a trusted key, the signature.
     *
     * @param trustedKey the key whose signature is required; empty to check only the SHA-256 (then any signature is
     *        ignored)
     * @throws FirmwareImageException with {@link Reason#INTEGRITY} on a digest or signature mismatch, or an unsigned
     *         image or one signed with another algorithm while a key is trusted
     */
    public void verify(Optional<PublicKey> trustedKey) throws FirmwareImageException {
        Objects.requireNonNull(trustedKey, "trustedKey");
        if (!MessageDigest.isEqual(digest, sha256(bytes, headerSize + payloadSize))) {
            throw new FirmwareImageException(Reason.INTEGRITY, "SHA-256 of header and payload does not match");
        }
        if (trustedKey.isEmpty()) {
            return;
        }
        if (signatureType == SignatureType.NONE) {
            throw new FirmwareImageException(Reason.INTEGRITY, "image is unsigned but a signing key is trusted");
        }
        if (signatureType != SignatureType.of(FirmwareKeys.algorithmOf(trustedKey.get()))) {
            throw new FirmwareImageException(Reason.INTEGRITY, "image is signed with " + signatureType
                    + ", the trusted key is " + trustedKey.get().getAlgorithm());
        }
        if (!FirmwareKeys.verify(trustedKey.get(), digest, signature)) {
            throw new FirmwareImageException(Reason.INTEGRITY, "signature does not match the trusted key");
        }
    }

    /** Returns the firmware version of the header. */
    public String version() {
        return version;
    }

    /** Returns the device type of the header. */
    public String deviceType() {
        return deviceType;
    }

    /** Returns the payload size. */
    public int payloadSize() {
        return payloadSize;
    }

    /** Returns the signature type of the trailer. */
    public SignatureType signatureType() {
        return signatureType;
    }

    /** Returns a copy of the SHA-256 in the trailer. */
    public byte[] digest() {
        return digest.clone();
    }

    /** Returns a copy of the whole image file. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the size of the whole image file. */
    public int size() {
        return bytes.length;
    }

    /**
     * Signs the whole image file: the detached signature an operator uploads with it.
     *
     * @param key an Ed25519 or P-256 private key
     * @return the signature in base64 (Ed25519 raw 64 bytes, ECDSA DER)
     */
    public String detachedSignature(PrivateKey key) {
        return Base64.getEncoder().encodeToString(FirmwareKeys.sign(key, bytes));
    }

    /**
     * Returns a builder of new images.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String name(ByteBuffer in, String what) throws FirmwareImageException {
        int length = Byte.toUnsignedInt(in.get());
        if (length == 0 || length > MAX_NAME_BYTES || length > in.remaining()) {
            throw format(what + " length " + length);
        }
        byte[] raw = new byte[length];
        in.get(raw);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw format(what + " is not UTF-8");
        }
    }

    private static FirmwareImageException format(String message) {
        return new FirmwareImageException(Reason.FORMAT, "not a demo firmware image: " + message);
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, 0, length);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Builds a new image; every setter returns this builder and names its default.
     */
    public static final class Builder {

        private String version;
        private String deviceType = "demo-sensor";
        private byte[] payload;
        private int payloadSize = 256 * 1024;
        private PrivateKey signingKey;

        private Builder() {
        }

        /**
         * Sets the firmware version. Required; 1 to 64 UTF-8 bytes.
         *
         * @param version e.g. {@code 1.1.0}
         * @return this builder
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Sets the device type. Default {@code demo-sensor} (the demo devices' model); 1 to 64 UTF-8 bytes.
         *
         * @param deviceType the device type
         * @return this builder
         */
        public Builder deviceType(String deviceType) {
            this.deviceType = Objects.requireNonNull(deviceType, "deviceType");
            return this;
        }

        /**
         * Sets the payload size. Default 262,144 bytes (256 KiB). The payload is pseudo-random, derived from the
         * version and device type, so that the same settings give the same payload.
         *
         * @param payloadSize at least 0
         * @return this builder
         */
        public Builder payloadSize(int payloadSize) {
            this.payloadSize = payloadSize;
            this.payload = null;
            return this;
        }

        /**
         * Sets the payload itself instead of a generated one.
         *
         * @param payload the payload; copied
         * @return this builder
         */
        public Builder payload(byte[] payload) {
            this.payload = Objects.requireNonNull(payload, "payload").clone();
            return this;
        }

        /**
         * Sets the key that signs the trailer digest. Default none: an unsigned image, which a device with a trusted
         * key refuses.
         *
         * @param signingKey an Ed25519 or P-256 private key
         * @return this builder
         */
        public Builder signingKey(PrivateKey signingKey) {
            FirmwareKeys.algorithmOf(Objects.requireNonNull(signingKey, "signingKey"));
            this.signingKey = signingKey;
            return this;
        }

        /**
         * Builds the image.
         *
         * @return the image
         * @throws IllegalStateException if the version is missing
         * @throws IllegalArgumentException if a name is empty or too long, or the payload size is negative
         */
        public DemoFirmwareImage build() {
            if (version == null) {
                throw new IllegalStateException("version is required");
            }
            byte[] versionBytes = checkedName(version, "version");
            byte[] typeBytes = checkedName(deviceType, "deviceType");
            if (payload == null && payloadSize < 0) {
                throw new IllegalArgumentException("payloadSize must be at least 0 but was [" + payloadSize + "]");
            }
            byte[] body = payload != null ? payload : generatedPayload(payloadSize, version + "/" + deviceType);
            int headerSize = FIXED_HEADER + versionBytes.length + typeBytes.length;
            byte[] signed = ByteBuffer.allocate(headerSize + body.length).putInt(HEADER_MAGIC)
                    .putShort((short) headerSize).putShort((short) FORMAT_VERSION).putInt(body.length)
                    .put((byte) versionBytes.length).put(versionBytes).put((byte) typeBytes.length).put(typeBytes)
                    .put(body).array();
            byte[] digest = sha256(signed, signed.length);
            SignatureType type = SignatureType.NONE;
            byte[] signature = new byte[0];
            if (signingKey != null) {
                type = SignatureType.of(FirmwareKeys.algorithmOf(signingKey));
                signature = FirmwareKeys.sign(signingKey, digest);
            }
            if (signature.length > MAX_SIGNATURE_BYTES) {
                throw new IllegalStateException("signature of " + signature.length + " bytes");
            }
            byte[] image = ByteBuffer.allocate(signed.length + FIXED_TRAILER + signature.length).put(signed)
                    .put((byte) type.ordinal()).put(digest).putShort((short) signature.length).put(signature)
                    .putInt(TRAILER_MAGIC).array();
            return new DemoFirmwareImage(image, version, deviceType, headerSize, body.length, type, digest, signature);
        }

        private static byte[] checkedName(String name, String what) {
            byte[] raw = name.getBytes(StandardCharsets.UTF_8);
            if (raw.length == 0 || raw.length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME_BYTES + " UTF-8 bytes but has ["
                        + raw.length + "]");
            }
            return raw;
        }

        /** SHA-256 in counter mode over a seed: deterministic, incompressible filler. */
        private static byte[] generatedPayload(int size, String seed) {
            byte[] out = new byte[size];
            byte[] seedBytes = seed.getBytes(StandardCharsets.UTF_8);
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (int offset = 0, counter = 0; offset < size; offset += DIGEST_BYTES, counter++) {
                    sha.update(seedBytes);
                    sha.update(ByteBuffer.allocate(4).putInt(counter).array());
                    byte[] block = sha.digest();
                    System.arraycopy(block, 0, out, offset, Math.min(DIGEST_BYTES, size - offset));
                }
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "DemoFirmwareImage[version=" + version + ", deviceType=" + deviceType + ", payload=" + payloadSize
                + " B, signature=" + signatureType + ", sha256=" + hex(Arrays.copyOf(digest, 4)) + "...]";
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
