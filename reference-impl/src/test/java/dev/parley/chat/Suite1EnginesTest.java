package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Suite1} keeps one JCA engine of each kind per thread and initialises it again on every call: every
 * call must give what a fresh engine gives, whatever the calls before it on the thread did (a failed open, a
 * rejected signature, another key), and threads must not share an engine [CH-SUITE-1].
 */
@DisplayName("Suite1's per-thread engines behave like fresh ones [CH-SUITE-1]")
class Suite1EnginesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static KeyPair rsa;
    private static ExecutorService pool;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(Suite1.RSA_BITS, new SecureRandom(new byte[] {7}));
        rsa = g.generateKeyPair();
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** AES-256-GCM on a Cipher of its own, as Suite1 did before the per-thread engines. */
    private static byte[] freshSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(plaintext);
    }

    @Test
    @DisplayName("seal and open match a fresh Cipher across keys, after a failed open, and with a repeated nonce")
    void gcm() throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] key = bytes(32, i);
            byte[] nonce = bytes(12, 100 + i);
            byte[] aad = bytes(i, 200 + i);
            byte[] pt = bytes(7 * i, 300 + i);
            byte[] ct = Suite1.gcmSeal(key, nonce, aad, pt);
            assertThat(ct).as("seal %d", i).isEqualTo(freshSeal(key, nonce, aad, pt));
            byte[] bad = ct.clone();
            bad[bad.length - 1] ^= 1;
            assertThat(Suite1.gcmOpen(key, nonce, aad, bad)).as("tampered %d", i).isNull();
            assertThat(Suite1.gcmOpen(key, nonce, bytes(i + 1, 9), ct)).as("wrong AAD %d", i).isNull();
            assertThat(Suite1.gcmOpen(key, nonce, aad, ct)).as("open %d after failures", i).isEqualTo(pt);
        }
        // the JDK refuses to encrypt twice with one key and nonce on the same Cipher; Suite1 gives what a
        // fresh Cipher gives, as before (no caller does this on purpose: nonces come from sequence numbers)
        byte[] key = bytes(32, 1);
        byte[] nonce = bytes(12, 2);
        byte[] first = Suite1.gcmSeal(key, nonce, new byte[0], bytes(5, 3));
        assertThat(Suite1.gcmSeal(key, nonce, new byte[0], bytes(5, 3))).isEqualTo(first);
    }

    @Test
    @DisplayName("HMAC-SHA256 (RFC 4231 case 2), HKDF (RFC 5869 case 1) and SHA-256 give the published values")
    void macAndDigest() {
        byte[] jefe = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] msg = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            assertThat(HEX.formatHex(Suite1.hmac(jefe, msg)))
                    .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            byte[] prk = Suite1.hkdfExtract(HEX.parseHex("000102030405060708090a0b0c"),
                    HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
            assertThat(HEX.formatHex(prk))
                    .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
            assertThat(HEX.formatHex(Suite1.hkdfExpand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)))
                    .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
            assertThat(HEX.formatHex(Suite1.sha256("a".getBytes(StandardCharsets.US_ASCII),
                    "bc".getBytes(StandardCharsets.US_ASCII))))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }

    @Test
    @DisplayName("a rejected signature or a failed decryption leaves nothing behind for the next call")
    void rsaAfterFailures() {
        SecureRandom random = new SecureRandom(new byte[] {1});
        byte[] message = bytes(100, 5);
        byte[] sig = Suite1.pssSign(rsa.getPrivate(), message, random);
        PublicKey pub = Suite1.publicKey(rsa.getPublic().getEncoded());
        assertThat(Suite1.pssVerify(pub, message, sig)).isTrue();
        byte[] badSig = sig.clone();
        badSig[10] ^= 1;
        assertThat(Suite1.pssVerify(pub, message, badSig)).isFalse();
        assertThat(Suite1.pssVerify(pub, message, Arrays.copyOf(sig, 17))).isFalse();
        assertThat(Suite1.pssVerify(pub, bytes(100, 6), sig)).isFalse();
        assertThat(Suite1.pssVerify(pub, message, sig)).as("valid again after three rejections").isTrue();

        byte[] secret = bytes(32, 8);
        byte[] wrapped = Suite1.oaepWrap(pub, secret, random);
        byte[] badWrap = wrapped.clone();
        badWrap[0] ^= 1;
        assertThat(Suite1.oaepUnwrap(rsa.getPrivate(), badWrap)).isNull();
        assertThat(Suite1.oaepUnwrap(rsa.getPrivate(), Arrays.copyOf(wrapped, 500))).isNull();
        assertThat(Suite1.oaepUnwrap(rsa.getPrivate(), wrapped)).as("after two failures").isEqualTo(secret);
    }

    @Test
    @DisplayName("a parsed public key is remembered, a malformed one is not, and the memory is bounded")
    void publicKeyCache() throws Exception {
        byte[] spki = rsa.getPublic().getEncoded();
        PublicKey a = Suite1.publicKey(spki);
        assertThat(a).isEqualTo(rsa.getPublic());
        assertThat(Suite1.publicKey(spki.clone())).isSameAs(a);
        byte[] broken = Arrays.copyOf(spki, spki.length - 1);
        assertThat(Suite1.publicKey(broken)).isNull();
        assertThat(Suite1.publicKey(broken)).isNull();
        KeyFactory f = KeyFactory.getInstance("RSA");
        for (int i = 0; i < Suite1.PUBLIC_KEY_CACHE + 50; i++) {
            BigInteger n = BigInteger.ONE.shiftLeft(Suite1.RSA_BITS - 1).add(BigInteger.valueOf(2L * i + 1));
            byte[] other = f.generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537))).getEncoded();
            assertThat(Suite1.publicKey(other)).isNotNull();
            assertThat(Suite1.cachedPublicKeys()).isLessThanOrEqualTo(Suite1.PUBLIC_KEY_CACHE);
        }
        assertThat(Suite1.cachedPublicKeys()).isEqualTo(Suite1.PUBLIC_KEY_CACHE);
        assertThat(Suite1.publicKey(spki)).as("parsed again after eviction").isEqualTo(rsa.getPublic());
    }

    @Test
    @DisplayName("threads sealing, opening and MACing at once each get the right results (no shared engine)")
    void threads() throws Exception {
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = 1000 * t;
            jobs.add(() -> {
                int done = 0;
                for (int i = 0; i < 2_000; i++) {
                    byte[] key = bytes(32, seed + i);
                    byte[] nonce = bytes(12, seed + i + 1);
                    byte[] pt = bytes(64 + (i % 50), seed + i + 2);
                    byte[] ct = Suite1.gcmSeal(key, nonce, nonce, pt);
                    if (!Arrays.equals(ct, freshSeal(key, nonce, nonce, pt))
                            || !Arrays.equals(Suite1.gcmOpen(key, nonce, nonce, ct), pt)
                            || !Arrays.equals(Suite1.hmac(key, pt), Suite1.hmac(key.clone(), pt.clone()))) {
                        return done;
                    }
                    done++;
                }
                return done;
            });
        }
        for (Future<Integer> f : pool.invokeAll(jobs, 60, TimeUnit.SECONDS)) {
            assertThat(f.get()).isEqualTo(2_000);
        }
    }
}
