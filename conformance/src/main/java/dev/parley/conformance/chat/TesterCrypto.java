package dev.parley.conformance.chat;

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
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The suite's own implementation of cipher suite 1 (spec/chat.md, "Cipher suite 1"; spec/accounts.md,
 * "The password envelope"): JCA for RSA, AES-GCM, SHA-256 and HMAC, Bouncy Castle for Argon2id.
 * HKDF (RFC 5869) is written out from HMAC here so the suite shares no KDF code with any IUT.
 */
public final class TesterCrypto {

    public static final int RSA_BYTES = 384;
    public static final byte[] ENVELOPE_LABEL = ascii("parley/1 envelope");

    private TesterCrypto() {
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
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
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

    /** HKDF-Extract (RFC 5869 §2.2). */
    public static byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[32] : salt, ikm);
    }

    /** HKDF-Expand (RFC 5869 §2.3). */
    public static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        if (length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-Expand length " + length);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            t = hmac(prk, t, info, new byte[] {(byte) i});
            int n = Math.min(32, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** The number of leading zero bits of {@code hash}. */
    public static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    /** SPKI DER of an RSA public key. */
    public static PublicKey rsaPublic(byte[] spki) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
    }

    /** The private key of a PKCS#8 DER, and its public half from the modulus and public exponent. */
    public static PrivateKey rsaPrivate(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 key: " + e.getMessage(), e);
        }
    }

    public static PublicKey publicOf(PrivateKey key) {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSAES-OAEP with SHA-256, MGF1-SHA-256, empty label. */
    public static byte[] oaepWrap(PublicKey key, byte[] secret, SecureRandom random) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT), random);
            return c.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32, trailer 1. */
    public static byte[] pssSign(PrivateKey key, byte[] message, SecureRandom random) {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
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
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** AES-256-GCM, 96-bit nonce, 128-bit tag: ciphertext || tag. */
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

    /** Opens AES-256-GCM; null when the tag (or the length) does not verify. */
    public static byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(sealed);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Argon2id, version 0x13, 32 octets. */
    public static byte[] argon2id(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[32];
        g.generateBytes(password, out);
        return out;
    }

    /** {@code "parley/1 envelope" || uint8(suite) || len8(username)} (spec/accounts.md, spec/chat.md). */
    public static byte[] envelopeAad(String username) {
        byte[] name = ascii(username);
        return concat(ENVELOPE_LABEL, new byte[] {1, (byte) name.length}, name);
    }

    /**
     * Opens a password envelope: {@code nonce(12) || AES-256-GCM(kdf_key, nonce, pkcs8, aad)}. Null when
     * the tag fails (a wrong password, or a fake envelope for an unknown user).
     */
    public static byte[] openEnvelope(String username, String password, byte[] salt, int m, int t, int p, byte[] envelope) {
        if (envelope.length < 12 + 16) {
            return null;
        }
        byte[] kdfKey = argon2id(password.getBytes(StandardCharsets.UTF_8), salt, m, t, p);
        return gcmOpen(kdfKey, Arrays.copyOf(envelope, 12), envelopeAad(username),
                Arrays.copyOfRange(envelope, 12, envelope.length));
    }

    /** SHA-256 of an SPKI, 64 lowercase hex digits. */
    public static String fingerprint(byte[] spki) {
        return java.util.HexFormat.of().formatHex(sha256(spki));
    }

    /** {@code uint32(length) || x}. */
    public static byte[] m(byte[] x) {
        return concat(ByteBuffer.allocate(4).putInt(x.length).array(), x);
    }

    public static byte[] uint64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

}
