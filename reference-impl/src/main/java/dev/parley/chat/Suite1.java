package dev.parley.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cipher suite 1 (spec/chat.md, "Cipher suite 1") on the JDK's providers: RSA-3072 PSS and OAEP with SHA-256,
 * AES-256-GCM, SHA-256, HMAC-SHA256 and HKDF-SHA256 (RFC 5869) [CH-SUITE-1]. Every random value comes from the
 * {@link SecureRandom} the caller passes, so tests can make a whole login reproducible.
 */
public final class Suite1 {
    public static final int ID = 1;
    public static final int RSA_BITS = 3072;
    public static final int RSA_BYTES = RSA_BITS / 8;
    private static final PSSParameterSpec PSS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final OAEPParameterSpec OAEP =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private Suite1() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest d = sha256Digest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HKDF-Extract (RFC 5869 section 2.2). */
    public static byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[32] : salt, ikm);
    }

    /** HKDF-Expand (RFC 5869 section 2.3); {@code length} ≤ 255 × 32. */
    public static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-Expand length " + length);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int pos = 0;
        for (int i = 1; pos < length; i++) {
            t = hmac(prk, t, info, new byte[] {(byte) i});
            int n = Math.min(32, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    public static byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens an AES-256-GCM ciphertext; {@code null} when the tag does not verify. */
    public static byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        if (ciphertext.length < 16) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) [CH-KEX-1]. */
    public static byte[] oaepWrap(PublicKey key, byte[] secret, SecureRandom random) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, key, OAEP, random);
            return c.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The unwrapped secret, or {@code null} when decryption fails (never says why) [CH-KEX-2]. */
    public static byte[] oaepUnwrap(PrivateKey key, byte[] wrapped) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, key, OAEP);
            return c.doFinal(wrapped);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32). */
    public static byte[] pssSign(PrivateKey key, byte[] message, SecureRandom random) {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(PSS);
            s.initSign(key, random);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean pssVerify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(PSS);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Parses an SPKI DER RSA key; {@code null} when it is not one. */
    public static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The public half of an RSA private key (the envelope holds only the private key) [CH-ENV-5]. */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("not an RSA CRT private key");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key fingerprint: SHA-256 over the SPKI DER, as 64 lowercase hex digits. */
    public static String fingerprint(byte[] spki) {
        return java.util.HexFormat.of().formatHex(sha256(spki));
    }

    /** Number of leading zero bits of {@code hash} [CH-POW-1]. */
    public static int leadingZeroBits(byte[] hash) {
        int n = 0;
        for (byte b : hash) {
            if (b == 0) {
                n += 8;
            } else {
                return n + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
            }
        }
        return n;
    }
}
