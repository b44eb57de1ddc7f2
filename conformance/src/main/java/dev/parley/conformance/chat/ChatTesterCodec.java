package dev.parley.conformance.chat;

import dev.parley.wire.chat.Challenge;
import dev.parley.wire.chat.ClientHello;
import dev.parley.wire.chat.Cookie;
import dev.parley.wire.chat.EnvelopeBody;
import dev.parley.wire.chat.ErrorMessage;
import dev.parley.wire.chat.ListResponseFields;
import dev.parley.wire.chat.LoginRequest;
import dev.parley.wire.chat.LookupResponseFields;
import dev.parley.wire.chat.ProofBody;
import dev.parley.wire.chat.SealedHandshake;
import dev.parley.wire.chat.SessionBody;
import dev.parley.wire.chat.SessionRecord;
import dev.parley.wire.chat.UsernameFields;
import dev.parley.wire.chat.WelcomeBody;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tester's codec for the chat layer (spec/chat.md, "Messages"; ksy/chat/*.ksy): the only class of
 * the suite that touches the generated {@code dev.parley.wire.chat} classes. It writes every field as
 * asked, so the suite can also write wrong versions, suites, lengths and tampered cookies.
 */
public final class ChatTesterCodec {

    public static final int CLIENT_HELLO = 0x01;
    public static final int CHALLENGE = 0x02;
    public static final int LOGIN_REQUEST = 0x03;
    public static final int ENVELOPE_RESPONSE = 0x04;
    public static final int PROOF = 0x05;
    public static final int WELCOME = 0x06;
    public static final int SESSION_RECORD = 0x10;
    public static final int ERROR = 0x7F;

    public static final int LIST_REQUEST = 1;
    public static final int LIST_RESPONSE = 2;
    public static final int LOOKUP_REQUEST = 3;
    public static final int LOOKUP_RESPONSE = 4;
    public static final int HEARTBEAT = 5;
    public static final int HEARTBEAT_ACK = 6;
    public static final int LOGOUT = 7;
    public static final int LOGOUT_ACK = 8;
    public static final int KEY_UPDATE = 9;
    public static final int ERROR_RESPONSE = 10;

    public static final int COOKIE_LENGTH = 74;

    private ChatTesterCodec() {
    }

    /** The cookie's fields (spec/chat.md, "Challenge"). */
    public record CookieFields(int keyId, long timestampMs, int difficulty, byte[] serverNonce, byte[] mac) {
        public CookieFields withMac(byte[] newMac) {
            return new CookieFields(keyId, timestampMs, difficulty, serverNonce, newMac);
        }

        public CookieFields withDifficulty(int d) {
            return new CookieFields(keyId, timestampMs, d, serverNonce, mac);
        }

        public CookieFields withTimestamp(long t) {
            return new CookieFields(keyId, t, difficulty, serverNonce, mac);
        }
    }

    public record ChallengeFields(int version, int suite, byte[] serverKey, CookieFields cookie) {
    }

    public record EnvelopeFields(long memoryKiB, long iterations, int parallelism, byte[] salt, byte[] envelope,
                                 int plaintextLength) {
    }

    public record WelcomeFields(long heartbeatIntervalMs, long sessionTimeoutMs, int family, byte[] address, int udpPort,
                                int transportPort, long serverTimeMs) {
    }

    public record Body(int bodyType, long requestId, byte[] fields) {
    }

    public record Lookup(int status, String username, byte[] publicKey, int family, byte[] address, int udpPort,
                         int transportPort) {
    }

    /** ClientHello: header, client_nonce, {@code paddingLength} zero octets [CH-HELLO-2]. */
    public static byte[] clientHello(int version, int suite, byte[] clientNonce, int paddingLength) {
        ClientHello m = new ClientHello();
        m.setMsgType(CLIENT_HELLO);
        m.setVersion(version);
        m.setSuite(suite);
        m.setClientNonce(clientNonce);
        m.setPadding(new byte[paddingLength]);
        m._check();
        return write(m, 3 + clientNonce.length + paddingLength, io -> m._write(io));
    }

    /** The first octet, or -1 for an empty message. */
    public static int msgType(byte[] message) {
        return message.length == 0 ? -1 : message[0] & 0xff;
    }

    public static ChallengeFields readChallenge(byte[] message) {
        Challenge c = new Challenge(new ByteBufferKaitaiStream(message));
        c._read();
        requireConsumed(c._io(), "Challenge");
        return new ChallengeFields(c.version(), c.suite(), c.serverKey(), cookieOf(c.cookie()));
    }

    /** LoginRequest with every field as given; {@code lenUsername} and {@code lenWrapped} follow the arrays. */
    public static byte[] loginRequest(int version, int suite, byte[] clientNonce, CookieFields cookie, byte[] username,
                                      byte[] wrappedSecret, byte[] powSolution) {
        LoginRequest m = new LoginRequest();
        m.setMsgType(LOGIN_REQUEST);
        m.setVersion(version);
        m.setSuite(suite);
        m.setClientNonce(clientNonce);
        Cookie c = new Cookie(null, m, null);
        c.setKeyId(cookie.keyId());
        c.setTimestampMs(cookie.timestampMs());
        c.setDifficulty(cookie.difficulty());
        c.setServerNonce(cookie.serverNonce());
        c.setMac(cookie.mac());
        c._check();
        m.setCookie(c);
        m.setLenUsername(username.length);
        m.setUsername(username);
        m.setLenWrappedSecret(wrappedSecret.length);
        m.setWrappedSecret(wrappedSecret);
        m.setPowSolution(powSolution);
        m._check();
        int length = 3 + 32 + COOKIE_LENGTH + 1 + username.length + 2 + wrappedSecret.length + 8;
        return write(m, length, io -> m._write(io));
    }

    /** A sealed handshake message (0x04, 0x05, 0x06): header || sealed. */
    public static byte[] sealedHandshake(int msgType, int version, int suite, byte[] sealed) {
        SealedHandshake m = new SealedHandshake();
        m.setMsgType(msgType);
        m.setVersion(version);
        m.setSuite(suite);
        m.setSealed(sealed);
        m._check();
        return write(m, 3 + sealed.length, io -> m._write(io));
    }

    /** The sealed part of a sealed handshake message. */
    public static byte[] sealedPart(byte[] message) {
        SealedHandshake m = new SealedHandshake(new ByteBufferKaitaiStream(message));
        m._read();
        return m.sealed();
    }

    public static EnvelopeFields readEnvelopeBody(byte[] plaintext) {
        EnvelopeBody b = new EnvelopeBody(new ByteBufferKaitaiStream(plaintext));
        b._read();
        return new EnvelopeFields(b.memoryKib(), b.iterations(), b.parallelism(), b.salt(), b.envelope(), plaintext.length);
    }

    public static byte[] proofBody(int peerPort, byte[] signature) {
        ProofBody b = new ProofBody();
        b.setPeerPort(peerPort);
        b.setLenSignature(signature.length);
        b.setSignature(signature);
        b._check();
        return write(b, 4 + signature.length, io -> b._write(io));
    }

    public static WelcomeFields readWelcomeBody(byte[] plaintext) {
        WelcomeBody b = new WelcomeBody(new ByteBufferKaitaiStream(plaintext));
        b._read();
        requireConsumed(b._io(), "Welcome body");
        return new WelcomeFields(b.heartbeatIntervalMs(), b.sessionTimeoutMs(), b.observed().family(),
                b.observed().address(), b.observed().udpPort(), b.observed().transportPort(), b.serverTimeMs());
    }

    /** SessionRecord: 0x10, seq, sealed. */
    public static byte[] sessionRecord(long seq, byte[] sealed) {
        SessionRecord r = new SessionRecord();
        r.setMsgType(SESSION_RECORD);
        r.setSeq(seq);
        r.setSealed(sealed);
        r._check();
        return write(r, 9 + sealed.length, io -> r._write(io));
    }

    public static long recordSeq(byte[] message) {
        SessionRecord r = new SessionRecord(new ByteBufferKaitaiStream(message));
        r._read();
        return r.seq();
    }

    public static byte[] recordSealed(byte[] message) {
        SessionRecord r = new SessionRecord(new ByteBufferKaitaiStream(message));
        r._read();
        return r.sealed();
    }

    public static byte[] body(int bodyType, long requestId, byte[] fields) {
        SessionBody b = new SessionBody();
        b.setBodyType(bodyType);
        b.setRequestId(requestId);
        b.setFields(fields);
        b._check();
        return write(b, 5 + fields.length, io -> b._write(io));
    }

    public static Body readBody(byte[] plaintext) {
        SessionBody b = new SessionBody(new ByteBufferKaitaiStream(plaintext));
        b._read();
        return new Body(b.bodyType(), b.requestId(), b.fields());
    }

    /** The fields of a lookup_request: len8(username). */
    public static byte[] usernameFields(String username) {
        UsernameFields f = new UsernameFields();
        byte[] name = username.getBytes(StandardCharsets.US_ASCII);
        f.setLenUsername(name.length);
        f.setUsername(name);
        f._check();
        return write(f, 1 + name.length, io -> f._write(io));
    }

    /** The names of a list_response, in the order sent. */
    public static List<String> readList(byte[] fields) {
        ListResponseFields f = new ListResponseFields(new ByteBufferKaitaiStream(fields));
        f._read();
        requireConsumed(f._io(), "list_response");
        List<String> names = new ArrayList<>();
        for (ListResponseFields.UserName u : f.users()) {
            names.add(new String(u.name(), StandardCharsets.US_ASCII));
        }
        return names;
    }

    public static Lookup readLookup(byte[] fields) {
        LookupResponseFields f = new LookupResponseFields(new ByteBufferKaitaiStream(fields));
        f._read();
        requireConsumed(f._io(), "lookup_response");
        String name = new String(f.username(), StandardCharsets.US_ASCII);
        if (f.status() != 0) {
            return new Lookup(f.status(), name, null, 0, null, 0, 0);
        }
        LookupResponseFields.OnlineFields o = f.online();
        return new Lookup(0, name, o.publicKey(), o.endpoint().family(), o.endpoint().address(), o.endpoint().udpPort(),
                o.endpoint().transportPort());
    }

    /** The code of an error_response's fields. */
    public static int readErrorResponseCode(byte[] fields) {
        if (fields.length != 2) {
            throw new IllegalArgumentException("error_response fields are " + fields.length + " octets, not 2");
        }
        return ((fields[0] & 0xff) << 8) | (fields[1] & 0xff);
    }

    public record ErrorFields(int version, int suite, int code) {
    }

    /** An Error message (0x7F): its version, suite and code [CH-VER-1]. */
    public static ErrorFields readError(byte[] message) {
        ErrorMessage e = new ErrorMessage(new ByteBufferKaitaiStream(message));
        e._read();
        requireConsumed(e._io(), "Error");
        return new ErrorFields(e.version(), e.suite(), e.code());
    }

    private static CookieFields cookieOf(Cookie c) {
        return new CookieFields(c.keyId(), c.timestampMs(), c.difficulty(), c.serverNonce(), c.mac());
    }

    private static void requireConsumed(KaitaiStream io, String what) {
        if (!io.isEof()) {
            throw new IllegalArgumentException(what + " has " + (io.size() - io.pos()) + " octets after its last field");
        }
    }

    private interface Writer {
        void write(ByteBufferKaitaiStream io);
    }

    private static byte[] write(Object unused, int length, Writer writer) {
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(length);
        writer.write(io);
        return io.toByteArray();
    }
}
