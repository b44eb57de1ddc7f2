package dev.parley.chat.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Key fingerprints [AC-FP-1]: SHA-256 over the SubjectPublicKeyInfo DER, 64 lowercase hex digits. */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(PublicKey key) {
        return of(key.getEncoded());
    }

    public static String of(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
