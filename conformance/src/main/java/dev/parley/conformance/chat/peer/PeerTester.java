package dev.parley.conformance.chat.peer;

import static dev.parley.conformance.chat.TesterCrypto.ascii;
import static dev.parley.conformance.chat.TesterCrypto.concat;

import dev.parley.conformance.chat.TesterCipher;
import dev.parley.conformance.chat.TesterCrypto;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * One user of the suite as a messaging peer (spec/messaging.md), on the suite's own crypto: builds a PeerOpen as an
 * initiator (and, for the rejection scenarios, a tampered one), checks a received PeerOpen as a responder in the order
 * of section 8.3, and seals and opens the PeerMessages of the session that follows. Thread-confined.
 */
public final class PeerTester {

    public static final byte[] SIGN_LABEL = ascii("parley/1 peer open");
    public static final long FRESHNESS_WINDOW_MS = 120_000;
    public static final long MAX_CLOCK_SKEW_MS = 30_000;
    public static final int MAX_TEXT = 1 << 20;

    private final String username;
    private final PrivateKey key;
    private final byte[] spki;
    private final SecureRandom random;

    public PeerTester(String username, PrivateKey key, byte[] spki, SecureRandom random) {
        this.username = username;
        this.key = key;
        this.spki = spki;
        this.random = random;
    }

    public String username() {
        return username;
    }

    /** The two directions' traffic secrets of a session (spec/messaging.md section 5) [PM-KS-1]. */
    public record Keys(byte[] prk, byte[] i2r, byte[] r2i) {
        public static Keys derive(byte[] peerSecret, byte[] openHash) {
            byte[] prk = TesterCrypto.hkdfExtract(openHash, peerSecret);
            return new Keys(prk, TesterCrypto.hkdfExpand(prk, ascii("parley/1 peer i2r"), 32),
                    TesterCrypto.hkdfExpand(prk, ascii("parley/1 peer r2i"), 32));
        }
    }

    public static byte[] openHash(byte[] header, byte[] wrappedKey, byte[] senderSpki, byte[] recipientSpki) {
        return TesterCrypto.sha256(header, wrappedKey, fp(senderSpki), fp(recipientSpki));
    }

    public static byte[] signedOpen(byte[] header, byte[] wrappedKey, byte[] senderSpki, byte[] recipientSpki,
            byte[] sealed) {
        return concat(SIGN_LABEL, header, ByteBuffer.allocate(2).putShort((short) wrappedKey.length).array(), wrappedKey,
                fp(senderSpki), fp(recipientSpki), sealed);
    }

    private static byte[] fp(byte[] spki) {
        return TesterCrypto.sha256(spki);
    }

    /** What a scenario changes in a PeerOpen it builds, to check that the IUT refuses it. */
    public enum Tamper {
        NONE, CIPHERTEXT_BIT, HEADER_TIMESTAMP, RESIGNED, SUITE_2, STALE, SEALED_R2I
    }

    /** A session as the suite sees it: its ciphers and counters; {@code openId} names the PeerOpen. */
    public static final class Session {
        final String peer;
        final boolean initiator;
        final TesterCipher send;
        final TesterCipher receive;
        long nextSendSeq;
        public final byte[] openId;

        Session(String peer, boolean initiator, Keys keys, byte[] openId) {
            this.peer = peer;
            this.initiator = initiator;
            this.send = new TesterCipher(initiator ? keys.i2r() : keys.r2i());
            this.receive = new TesterCipher(initiator ? keys.r2i() : keys.i2r());
            this.nextSendSeq = initiator ? 1 : 0;
            this.openId = openId;
        }

        public String peer() {
            return peer;
        }
    }

    /** A PeerOpen built by the suite, and the session it opens. */
    public record Outgoing(byte[] message, Session session) {
    }

    /** Builds a PeerOpen of {@code text} to {@code recipient}, tampered as asked after it was signed. */
    public Outgoing open(String recipient, byte[] recipientSpki, String text, long nowMs, Tamper tamper,
            PrivateKey otherKey) {
        byte[] messageId = new byte[16];
        random.nextBytes(messageId);
        byte[] peerSecret = new byte[32];
        random.nextBytes(peerSecret);
        long ts = tamper == Tamper.STALE ? nowMs - FRESHNESS_WINDOW_MS - 60_000 : nowMs;
        int suite = tamper == Tamper.SUITE_2 ? 2 : 1;
        byte[] header = PeerTesterCodec.header(PeerTesterCodec.PEER_OPEN, 1, suite, username, recipient, messageId, ts, 0);
        byte[] wrapped = TesterCrypto.oaepWrap(TesterCrypto.rsaPublic(recipientSpki), peerSecret, random);
        Keys keys = Keys.derive(peerSecret, openHash(header, wrapped, spki, recipientSpki));
        TesterCipher i2r = new TesterCipher(tamper == Tamper.SEALED_R2I ? keys.r2i() : keys.i2r());
        byte[] sealed = i2r.seal(0, header, PeerTesterCodec.textBody(text));
        byte[] signed = signedOpen(header, wrapped, spki, recipientSpki, sealed);
        byte[] signature = TesterCrypto.pssSign(tamper == Tamper.RESIGNED ? otherKey : key, signed, random);
        byte[] message = PeerTesterCodec.open(header, wrapped, signature, sealed);
        switch (tamper) {
            case CIPHERTEXT_BIT -> message[message.length - 20] ^= 0x01;
            case HEADER_TIMESTAMP -> message[header.length - 9] ^= 0x01; // last octet of timestamp_ms: still fresh
            default -> {
            }
        }
        return new Outgoing(message, new Session(recipient, true, keys, messageId));
    }

    /** The outcome of a received PeerOpen: the code of the first failing check, or the session and the text. */
    public record Accepted(String code, Session session, PeerTesterCodec.Header header, String text) {
    }

    /**
     * Checks a received PeerOpen as a responder, in the order of spec/messaging.md sections 8.1 and 8.3 [PM-RCV-1]
     * (without the replay cache: the suite accepts one PeerOpen per session). {@code senderKeys} gives the SPKI a
     * look-up gives for a user, or null when the user is not online.
     */
    public Accepted accept(byte[] message, long nowMs, Function<String, byte[]> senderKeys) {
        if (message.length < 3) {
            return reject("PM_MALFORMED");
        }
        int type = message[0] & 0xff;
        if (type != PeerTesterCodec.PEER_OPEN && type != PeerTesterCodec.PEER_MESSAGE && type != PeerTesterCodec.PEER_ERROR) {
            return reject("PM_UNKNOWN_TYPE");
        }
        if (message[1] != 1) {
            return reject("PM_BAD_VERSION");
        }
        if (message[2] != 1) {
            return reject("PM_BAD_SUITE");
        }
        PeerTesterCodec.Open o;
        try {
            o = PeerTesterCodec.readOpen(message);
        } catch (RuntimeException e) {
            return reject("PM_MALFORMED");
        }
        PeerTesterCodec.Header h = o.header();
        if (!validName(h.sender()) || !validName(h.recipient()) || o.wrappedKey().length != TesterCrypto.RSA_BYTES
                || o.signature().length != TesterCrypto.RSA_BYTES || o.sealed().length < 16
                || o.sealed().length > MAX_TEXT + 17) {
            return reject("PM_MALFORMED");
        }
        if (type != PeerTesterCodec.PEER_OPEN) {
            return reject("PM_UNEXPECTED");
        }
        if (!h.recipient().equals(username)) {
            return reject("PM_NOT_FOR_ME");
        }
        if (h.seq() != 0) {
            return reject("PM_MALFORMED");
        }
        if (h.timestampMs() < nowMs - FRESHNESS_WINDOW_MS || h.timestampMs() > nowMs + MAX_CLOCK_SKEW_MS) {
            return reject("PM_STALE");
        }
        byte[] senderSpki = senderKeys.apply(h.sender());
        if (senderSpki == null) {
            return reject("PM_UNKNOWN_SENDER");
        }
        byte[] signed = signedOpen(h.raw(), o.wrappedKey(), senderSpki, spki, o.sealed());
        if (!TesterCrypto.pssVerify(TesterCrypto.rsaPublic(senderSpki), signed, o.signature())) {
            return reject("PM_BAD_SIGNATURE");
        }
        byte[] peerSecret = oaepUnwrap(key, o.wrappedKey());
        if (peerSecret == null || peerSecret.length != 32) {
            return reject("PM_BAD_KEY");
        }
        Keys keys = Keys.derive(peerSecret, openHash(h.raw(), o.wrappedKey(), senderSpki, spki));
        byte[] body = new TesterCipher(keys.i2r()).open(0, h.raw(), o.sealed());
        if (body == null) {
            return reject("PM_BAD_RECORD");
        }
        PeerTesterCodec.Body b = PeerTesterCodec.readBody(body, MAX_TEXT);
        if (b == null || b.bodyType() != PeerTesterCodec.TEXT) {
            return reject("PM_MALFORMED");
        }
        return new Accepted(null, new Session(h.sender(), false, keys, h.messageId()), h, b.text());
    }

    private static Accepted reject(String code) {
        return new Accepted(code, null, null, null);
    }

    private static boolean validName(String name) {
        return name.matches("[A-Za-z0-9_.\\-]{1,32}");
    }

    /** A PeerMessage of {@code body} in {@code s} at its next sequence number [PM-SEQ-1]. */
    public byte[] seal(Session s, byte[] body) {
        return sealAt(s, s.nextSendSeq++, body);
    }

    /** A PeerMessage at {@code seq}, without moving the counter (for replays). */
    public byte[] sealAt(Session s, long seq, byte[] body) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        byte[] header = PeerTesterCodec.header(PeerTesterCodec.PEER_MESSAGE, 1, 1, username, s.peer, id,
                System.currentTimeMillis(), seq);
        return PeerTesterCodec.message(header, s.send.seal(seq, header, body));
    }

    /** A PeerMessage of {@code s}'s peer opened under the receiving key, or null when it does not open. */
    public PeerTesterCodec.Body openMessage(Session s, byte[] message) {
        if (message.length < 3 || (message[0] & 0xff) != PeerTesterCodec.PEER_MESSAGE) {
            return null;
        }
        PeerTesterCodec.Message m;
        try {
            m = PeerTesterCodec.readMessage(message);
        } catch (RuntimeException e) {
            return null;
        }
        if (!m.header().sender().equals(s.peer) || !m.header().recipient().equals(username)) {
            return null;
        }
        byte[] body = s.receive.open(m.header().seq(), m.header().raw(), m.sealed());
        return body == null ? null : PeerTesterCodec.readBody(body, MAX_TEXT);
    }

    /** RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label) decryption; null when it fails. */
    public static byte[] oaepUnwrap(PrivateKey key, byte[] wrapped) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT));
            return c.doFinal(wrapped);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
