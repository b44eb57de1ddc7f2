package dev.parley.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
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
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>Thread confinement: the operations a server runs on every login (AES-GCM seal and open, HMAC and HKDF,
 * SHA-256, the OAEP decryption, the PSS verification and the parsing of a public key) use JCA engines held per
 * thread ({@link Engines}), created on a thread's first use and initialised again, with the call's own key and
 * parameters, on every use; an engine never leaves its thread and no call keeps state from an earlier one, so
 * every method here may be called from any thread and gives what a fresh engine would give. A chat node runs
 * all of them on its one loop thread, so the JCA provider look-up ({@code getInstance}) is paid once per thread
 * instead of once per call. The client-side operations (OAEP encryption, PSS signing) still take a fresh engine
 * per call: they run once per login on a client, and a per-thread engine would keep the user's private key
 * reachable after the login.
 */
public final class Suite1 {
    public static final int ID = 1;
    public static final int RSA_BITS = 3072;
    public static final int RSA_BYTES = RSA_BITS / 8;
    private static final PSSParameterSpec PSS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final OAEPParameterSpec OAEP =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    /** Parsed public keys remembered per thread, least recently used first out. */
    static final int PUBLIC_KEY_CACHE = 256;

    private Suite1() {
    }

    /**
     * One thread's JCA engines. Confined to its thread by {@link #ENGINES}; each method initialises the engine it
     * uses before every use, so nothing of one call (key, IV, AAD, partial input) survives into the next.
     */
    private static final class Engines {
        final Cipher gcm = cipher("AES/GCM/NoPadding");
        final Cipher oaep = cipher("RSA/ECB/OAEPPadding");
        final Mac hmac;
        final MessageDigest sha256 = sha256Digest();
        final Signature pss;
        final KeyFactory rsa;
        /** SPKI DER (as ISO-8859-1 text, a cheap content key) to its parsed key, at most {@link #PUBLIC_KEY_CACHE}. */
        final Map<String, PublicKey> keys = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
                return size() > PUBLIC_KEY_CACHE;
            }
        };

        Engines() {
            try {
                hmac = Mac.getInstance("HmacSHA256");
                pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(PSS);
                rsa = KeyFactory.getInstance("RSA");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Cipher cipher(String transformation) {
            try {
                return Cipher.getInstance(transformation);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

    /** Public keys the calling thread remembers (for tests of the bound). */
    static int cachedPublicKeys() {
        return ENGINES.get().keys.size();
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
        MessageDigest d = ENGINES.get().sha256;
        d.reset();
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
            Mac mac = ENGINES.get().hmac;
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
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        GCMParameterSpec p = new GCMParameterSpec(128, nonce);
        try {
            Cipher c = ENGINES.get().gcm;
            try {
                c.init(Cipher.ENCRYPT_MODE, k, p);
            } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
                // the JDK refuses to encrypt twice in a row with one key and nonce on one Cipher; a fresh one does
                // what this method always did (the callers never reuse a nonce: the sequence numbers see to that)
                c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, k, p);
            }
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
            Cipher c = ENGINES.get().gcm;
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
            Cipher c = ENGINES.get().oaep;
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
            Signature s = ENGINES.get().pss;
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Parses an SPKI DER RSA key; {@code null} when it is not one. The thread remembers the last
     * {@value #PUBLIC_KEY_CACHE} keys it parsed (a key is immutable), so a server parses a returning user's key
     * once, not on every login.
     */
    public static PublicKey publicKey(byte[] spki) {
        Engines e = ENGINES.get();
        String id = new String(spki, StandardCharsets.ISO_8859_1);
        PublicKey known = e.keys.get(id);
        if (known != null) {
            return known;
        }
        try {
            PublicKey k = e.rsa.generatePublic(new X509EncodedKeySpec(spki));
            e.keys.put(id, k);
            return k;
        } catch (GeneralSecurityException | RuntimeException x) {
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
