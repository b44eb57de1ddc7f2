package dev.parley.conformance.chat;

import static dev.parley.conformance.chat.TesterCrypto.ascii;
import static dev.parley.conformance.chat.TesterCrypto.concat;
import static dev.parley.conformance.chat.TesterCrypto.m;
import static dev.parley.conformance.chat.TesterCrypto.sha256;

import dev.parley.conformance.chat.ChatTesterCodec.ChallengeFields;
import dev.parley.conformance.chat.ChatTesterCodec.CookieFields;
import dev.parley.conformance.chat.ChatTesterCodec.EnvelopeFields;
import dev.parley.conformance.chat.ChatTesterCodec.WelcomeFields;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The suite's chat client for one login (spec/chat.md, "Login processing", client side), one message
 * at a time so a scenario can stop, tamper or splice between any two steps. It computes everything
 * itself: the transcript hashes, the proof of work, the key schedule, the envelope and the signature.
 * It sends nothing on its own: the step code moves the bytes over a {@link MessageChannel}.
 */
public final class LoginTester {

    public static final int HELLO_LENGTH = 512;
    public static final byte[] POW_LABEL = ascii("parley/1 pow");
    public static final byte[] PROOF_LABEL = ascii("parley/1 proof");

    private final SecureRandom random;
    private final String username;
    private final String password;

    private byte[] clientNonce;
    private byte[] hello;
    private byte[] challengeMessage;
    private ChallengeFields challenge;
    private byte[] loginRequest;
    private byte[] loginSecret;
    private byte[] th1;
    private TesterCipher c2s;
    private TesterCipher s2c;
    private byte[] envelopeMessage;
    private EnvelopeFields envelope;
    private PrivateKey userKey;
    private byte[] th2;
    private byte[] pinnedSpki;

    public LoginTester(String username, String password, SecureRandom random) {
        this.username = username;
        this.password = password;
        this.random = random;
    }

    public String username() {
        return username;
    }

    /** ClientHello of {@value #HELLO_LENGTH} octets with a fresh client nonce [CH-HELLO-1] [CH-HELLO-2]. */
    public byte[] hello() {
        return hello(1, 1);
    }

    /** A ClientHello with the given version and suite (others than 1 to test [CH-MSG-3]). */
    public byte[] hello(int version, int suite) {
        clientNonce = new byte[32];
        random.nextBytes(clientNonce);
        hello = ChatTesterCodec.clientHello(version, suite, clientNonce, HELLO_LENGTH - 35);
        return hello;
    }

    /** Takes the server's Challenge; returns its fields. */
    public ChallengeFields onChallenge(byte[] message) {
        if (ChatTesterCodec.msgType(message) != ChatTesterCodec.CHALLENGE) {
            throw new IllegalStateException("expected a Challenge (0x02), got type " + ChatTesterCodec.msgType(message));
        }
        challengeMessage = message.clone();
        challenge = ChatTesterCodec.readChallenge(message);
        return challenge;
    }

    /**
     * Makes the LoginRequest wrap the login secret to {@code spki} whatever key the Challenge carries:
     * a client that pinned that key [CH-PIN-1].
     */
    public void wrapTo(byte[] spki) {
        pinnedSpki = spki.clone();
    }

    public ChallengeFields challenge() {
        return challenge;
    }

    /** What a LoginRequest the suite builds may do wrong on purpose. */
    public record Tamper(CookieFields cookie, boolean skipWork, boolean wrongWork, int version, int suite,
                         boolean omitSolution) {
        public static final Tamper NONE = new Tamper(null, false, false, 1, 1, false);

        public Tamper withCookie(CookieFields c) {
            return new Tamper(c, skipWork, wrongWork, version, suite, omitSolution);
        }

        public Tamper withWrongWork() {
            return new Tamper(cookie, skipWork, true, version, suite, omitSolution);
        }

        public Tamper withoutSolution() {
            return new Tamper(cookie, skipWork, wrongWork, version, suite, true);
        }
    }

    /** The honest LoginRequest: wraps a fresh login secret to the Challenge's key and solves the work. */
    public byte[] loginRequest() {
        return loginRequest(Tamper.NONE);
    }

    /**
     * A LoginRequest (spec/chat.md, "LoginRequest") with the cookie of the Challenge (or the tampered
     * one), a fresh login secret wrapped with RSA-OAEP to the Challenge's server key [CH-KEX-1], and a
     * proof of work of the cookie's difficulty [CH-POW-1] unless told otherwise. Derives the session
     * keys from th1 [CH-KS-1].
     */
    public byte[] loginRequest(Tamper tamper) {
        CookieFields cookie = tamper.cookie() != null ? tamper.cookie() : challenge.cookie();
        loginSecret = new byte[32];
        random.nextBytes(loginSecret);
        byte[] wrapped = TesterCrypto.oaepWrap(TesterCrypto.rsaPublic(pinnedSpki != null ? pinnedSpki : challenge.serverKey()),
                loginSecret, random);
        byte[] solution = new byte[8];
        byte[] message = ChatTesterCodec.loginRequest(tamper.version(), tamper.suite(), clientNonce, cookie,
                ascii(username), wrapped, solution);
        int d = challenge.cookie().difficulty();
        if (tamper.wrongWork()) {
            message = withoutWork(message, Math.max(d, 1));
        } else if (!tamper.skipWork()) {
            message = solve(message, d, random.nextLong());
        }
        if (tamper.omitSolution()) {
            message = Arrays.copyOf(message, message.length - 8);
        }
        loginRequest = message;
        byte[] t1 = concat(m(hello), m(challengeMessage), m(loginRequest));
        th1 = sha256(t1);
        byte[] prk = TesterCrypto.hkdfExtract(th1, loginSecret);
        c2s = new TesterCipher(TesterCrypto.hkdfExpand(prk, ascii("parley/1 c2s"), 32));
        s2c = new TesterCipher(TesterCrypto.hkdfExpand(prk, ascii("parley/1 s2c"), 32));
        return loginRequest;
    }

    /**
     * Sets the last 8 octets so that SHA-256("parley/1 pow" || message) starts with {@code d} zero bits
     * [CH-POW-1] [CH-POW-2]: a counter from a random start, the prefix hashed once.
     */
    public static byte[] solve(byte[] message, int d, long start) {
        byte[] out = message.clone();
        int prefixLength = out.length - 8;
        try {
            MessageDigest prefix = MessageDigest.getInstance("SHA-256");
            prefix.update(POW_LABEL);
            prefix.update(out, 0, prefixLength);
            ByteBuffer counter = ByteBuffer.allocate(8);
            for (long n = start; ; n++) {
                MessageDigest md = (MessageDigest) prefix.clone();
                counter.clear();
                counter.putLong(n);
                md.update(counter.array());
                if (TesterCrypto.leadingZeroBits(md.digest()) >= d) {
                    System.arraycopy(counter.array(), 0, out, prefixLength, 8);
                    return out;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the last 8 octets to a value whose hash has fewer than {@code d} (≥ 1) leading zero bits. */
    static byte[] withoutWork(byte[] message, int d) {
        byte[] out = message.clone();
        for (long n = 0; ; n++) {
            ByteBuffer.wrap(out, out.length - 8, 8).putLong(n);
            if (TesterCrypto.leadingZeroBits(sha256(POW_LABEL, out)) < d) {
                return out;
            }
        }
    }

    /** Whether {@code message} holds a proof of work of {@code d} bits [CH-POW-1]. */
    public static boolean holdsWork(byte[] message, int d) {
        return TesterCrypto.leadingZeroBits(sha256(POW_LABEL, message)) >= d;
    }

    /**
     * Opens an EnvelopeResponse (s2c, seq 0): null when its seal does not open (the server does not hold
     * the key the secret was wrapped to [CH-PIN-3]). Otherwise its fields; the envelope itself is opened
     * by {@link #openEnvelope()}.
     */
    public EnvelopeFields onEnvelopeResponse(byte[] message) {
        envelopeMessage = message.clone();
        byte[] plaintext = s2c.open(0, Arrays.copyOf(message, 3), ChatTesterCodec.sealedPart(message));
        if (plaintext == null) {
            return null;
        }
        envelope = ChatTesterCodec.readEnvelopeBody(plaintext);
        th2 = sha256(concat(m(hello), m(challengeMessage), m(loginRequest), m(envelopeMessage), m(pinnedSpki != null ? pinnedSpki : challenge.serverKey())));
        return envelope;
    }

    /** Opens the password envelope with the password [CH-ENV-4]: false for a wrong password or a fake. */
    public boolean openEnvelope() {
        byte[] pkcs8 = TesterCrypto.openEnvelope(username, password, envelope.salt(), (int) envelope.memoryKiB(),
                (int) envelope.iterations(), envelope.parallelism(), envelope.envelope());
        if (pkcs8 == null) {
            return false;
        }
        userKey = TesterCrypto.rsaPrivate(pkcs8);
        return true;
    }

    /** The signature of the proof of possession: RSA-PSS over "parley/1 proof" || th2 [CH-POP-1]. */
    public byte[] signature() {
        return TesterCrypto.pssSign(userKey, concat(PROOF_LABEL, th2), random);
    }

    /** A Proof (c2s, seq 0) carrying {@code signature} and {@code peerPort}. */
    public byte[] proof(int peerPort, byte[] signature) {
        byte[] header = {ChatTesterCodec.PROOF, 1, 1};
        return ChatTesterCodec.sealedHandshake(ChatTesterCodec.PROOF, 1, 1,
                c2s.seal(0, header, ChatTesterCodec.proofBody(peerPort, signature)));
    }

    /** Opens a Welcome (s2c, seq 1); null when its seal does not open. */
    public WelcomeFields onWelcome(byte[] message) {
        if (ChatTesterCodec.msgType(message) != ChatTesterCodec.WELCOME) {
            return null;
        }
        byte[] plaintext = s2c.open(1, Arrays.copyOf(message, 3), ChatTesterCodec.sealedPart(message));
        return plaintext == null ? null : ChatTesterCodec.readWelcomeBody(plaintext);
    }

    /** The session that follows the Welcome: c2s from seq 1, s2c from seq 2 [CH-SEQ-1]. */
    public SessionTester session() {
        return new SessionTester(c2s, s2c);
    }

    /** The user's public key (SPKI) from the opened envelope's private key [CH-ENV-5]. */
    public byte[] userPublicKey() {
        return TesterCrypto.publicOf(userKey).getEncoded();
    }

    /** A Proof carrying {@code signature} sealed under this login's keys. */
    public byte[] proofWith(byte[] signature) {
        return proof(0, signature);
    }

    public byte[] loginRequestMessage() {
        return loginRequest;
    }

    public byte[] th2() {
        return th2;
    }
}
