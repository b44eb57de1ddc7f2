package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * Deterministic fake envelopes for names without an account [CH-FAKE-1]: the same name always gets the same
 * salt and envelope, of a length real RSA-3072 envelopes have.
 */
public final class FakeEnvelope {
    private final byte[] fakeKey;

    public FakeEnvelope(PrivateKey serverKey) {
        this(derive(serverKey.getEncoded()));
    }

    private FakeEnvelope(byte[] fakeKey) {
        this.fakeKey = fakeKey;
    }

    /** fake_key = HMAC(H(pkcs8(S_pri)), "parley/1 fake key"). */
    public static byte[] derive(byte[] serverPkcs8) {
        return Suite1.hmac(Suite1.sha256(serverPkcs8), Suite1.ascii("parley/1 fake key"));
    }

    public static FakeEnvelope ofKey(byte[] fakeKey) {
        return new FakeEnvelope(fakeKey.clone());
    }

    public byte[] rejectSecret(byte[] wrappedSecret) {
        return Suite1.hmac(fakeKey, Suite1.ascii("parley/1 reject"), wrappedSecret); // [CH-KEX-2]
    }

    public Bodies.EnvelopeBody body(String username, int memoryKib, int iterations, int parallelism) {
        byte[] name = username.getBytes(StandardCharsets.US_ASCII);
        byte[] salt = Arrays.copyOf(Suite1.hmac(fakeKey, Suite1.ascii("parley/1 fake salt"), name), 16);
        int l = 1793 + ((Suite1.hmac(fakeKey, Suite1.ascii("parley/1 fake length"), name)[0] & 0xFF) < 32 ? 1 : 0);
        byte[] envelope = Suite1.hkdfExpand(fakeKey, Suite1.concat(Suite1.ascii("parley/1 fake envelope"), name),
                12 + l + 16);
        return new Bodies.EnvelopeBody(memoryKib, iterations, parallelism, salt, envelope);
    }
}
