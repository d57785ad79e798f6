// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Random;

/**
 * An Ed25519 firmware signing key made for one test and trusted by the server under test, the way an operator
 * trusts a release key: its public key written as PEM into the server's key folder.
 */
public final class TestSigner {

    private final KeyPair key;

    private TestSigner(KeyPair key) {
        this.key = key;
    }

    /**
     * Generates a key and writes its public half to {@code keysDir/fileName}, creating the folder if needed.
     */
    public static TestSigner trustedIn(Path keysDir, String fileName) throws IOException, GeneralSecurityException {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.createDirectories(keysDir);
        Files.writeString(keysDir.resolve(fileName), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return new TestSigner(key);
    }

    /** @return the key pair, for tests that sign in their own way */
    public KeyPair keyPair() {
        return key;
    }

    /** @return the Ed25519 signature of {@code image}, Base64, as upload metadata carries it */
    public String sign(byte[] image) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(image);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** @return {@code size} pseudo-random bytes, the same for the same seed */
    public static byte[] image(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
