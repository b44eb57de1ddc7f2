package dev.parley.chat;

import dev.parley.chat.Bodies.EnvelopeBody;
import dev.parley.chat.Bodies.ErrorResponse;
import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.Bodies.LookupRequest;
import dev.parley.chat.Bodies.LookupResponse;
import dev.parley.chat.Bodies.ProofBody;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.chat.Bodies.Simple;
import dev.parley.chat.Bodies.Unknown;
import dev.parley.chat.Bodies.WelcomeBody;
import dev.parley.chat.ChatMessage.Challenge;
import dev.parley.chat.ChatMessage.ClientHello;
import dev.parley.chat.ChatMessage.Cookie;
import dev.parley.chat.ChatMessage.LoginRequest;
import dev.parley.chat.ChatMessage.Sealed;
import dev.parley.chat.ChatMessage.SessionRecord;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import io.kaitai.struct.KaitaiStruct;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes chat messages and the plaintexts they seal (spec/chat.md, "Messages"). The only class
 * that touches the generated codecs of {@code ksy/chat/}: it sets the length fields, calls {@code _check()} and
 * {@code _write()}, and turns every malformed input into a {@link ChatException} with its canonical code, in
 * the check order of [CH-MSG-3].
 */
public final class ChatCodec {
    public static final int HELLO_LENGTH = 512;
    public static final int HELLO_MAX_LENGTH = 1024;
    public static final int COOKIE_LENGTH = 74;
    public static final int NONCE_LENGTH = 32;
    public static final int POW_SOLUTION_LENGTH = 8;
    public static final int MAX_SERVER_KEY_LENGTH = 1024;
    public static final int WRAPPED_SECRET_LENGTH = 384;
    public static final int SALT_LENGTH = 16;
    public static final int ENVELOPE_BODY_LENGTH = 2048;
    public static final int TAG_LENGTH = 16;
    public static final int MAX_USERNAME_LENGTH = 32;
    private static final int ENVELOPE_BODY_FIXED = 4 + 4 + 1 + SALT_LENGTH + 2;

    private ChatCodec() {
    }

    // ---------------------------------------------------------------- messages

    /** Decodes one chat message in the check order of [CH-MSG-3] (the state check is the caller's). */
    public static ChatMessage decode(byte[] m) throws ChatException {
        if (m.length < 1) {
            throw new ChatException(ChatError.MALFORMED, "empty message");
        }
        int type = m[0] & 0xFF;
        if (type == ChatMessage.SESSION_RECORD) {
            if (m.length < 9 + TAG_LENGTH) {
                throw new ChatException(ChatError.MALFORMED, "session record shorter than 25 octets");
            }
            dev.parley.wire.chat.SessionRecord w = read(new dev.parley.wire.chat.SessionRecord(stream(m)));
            return new SessionRecord(w.seq(), w.sealed());
        }
        if (!isHandshakeType(type)) {
            throw new ChatException(ChatError.UNKNOWN_TYPE, "msg_type " + type);
        }
        if (m.length < 3) {
            throw new ChatException(ChatError.MALFORMED, "handshake message shorter than 3 octets");
        }
        int version = m[1] & 0xFF;
        int suite = m[2] & 0xFF;
        if (version != ChatMessage.VERSION) {
            throw new ChatException(ChatError.BAD_VERSION, "version " + version);
        }
        if (suite != ChatMessage.SUITE && type != ChatMessage.ERROR) {
            throw new ChatException(ChatError.BAD_SUITE, "suite " + suite);
        }
        switch (type) {
            case ChatMessage.CLIENT_HELLO -> {
                if (m.length < HELLO_LENGTH || m.length > HELLO_MAX_LENGTH) {
                    throw new ChatException(ChatError.MALFORMED, "ClientHello of " + m.length + " octets"); // [CH-HELLO-3]
                }
                dev.parley.wire.chat.ClientHello w = read(new dev.parley.wire.chat.ClientHello(stream(m)));
                return new ClientHello(version, suite, w.clientNonce(), w.padding().length);
            }
            case ChatMessage.CHALLENGE -> {
                dev.parley.wire.chat.Challenge w = read(new dev.parley.wire.chat.Challenge(stream(m)));
                exact(w._io(), "Challenge");
                if (w.lenServerKey() < 1 || w.lenServerKey() > MAX_SERVER_KEY_LENGTH) {
                    throw new ChatException(ChatError.MALFORMED, "len_server_key " + w.lenServerKey());
                }
                return new Challenge(version, suite, w.serverKey(), cookie(w.cookie()));
            }
            case ChatMessage.LOGIN_REQUEST -> {
                dev.parley.wire.chat.LoginRequest w = read(new dev.parley.wire.chat.LoginRequest(stream(m)));
                exact(w._io(), "LoginRequest");
                if (w.lenWrappedSecret() != WRAPPED_SECRET_LENGTH) {
                    throw new ChatException(ChatError.MALFORMED, "len_wrapped_secret " + w.lenWrappedSecret());
                }
                return new LoginRequest(version, suite, w.clientNonce(), cookie(w.cookie()),
                        new String(w.username(), StandardCharsets.ISO_8859_1), w.wrappedSecret(), w.powSolution());
            }
            case ChatMessage.ENVELOPE_RESPONSE, ChatMessage.PROOF, ChatMessage.WELCOME -> {
                if (m.length < 3 + TAG_LENGTH) {
                    throw new ChatException(ChatError.MALFORMED, "sealed message shorter than 19 octets");
                }
                dev.parley.wire.chat.SealedHandshake w = read(new dev.parley.wire.chat.SealedHandshake(stream(m)));
                return new Sealed(type, version, suite, w.sealed());
            }
            case ChatMessage.ERROR -> {
                dev.parley.wire.chat.ErrorMessage w = read(new dev.parley.wire.chat.ErrorMessage(stream(m)));
                exact(w._io(), "Error");
                return new ChatMessage.Error(version, suite, w.code());
            }
            default -> throw new ChatException(ChatError.UNKNOWN_TYPE, "msg_type " + type);
        }
    }

    /** Like {@link #decode} but reports a version or suite mismatch of an Error message too. */
    public static boolean isHandshakeType(int type) {
        return (type >= ChatMessage.CLIENT_HELLO && type <= ChatMessage.WELCOME) || type == ChatMessage.ERROR;
    }

    public static byte[] encode(ChatMessage message) {
        KaitaiStruct.ReadWrite w;
        int length;
        if (message instanceof ClientHello h) {
            dev.parley.wire.chat.ClientHello x = new dev.parley.wire.chat.ClientHello();
            header(h.version(), h.suite(), ChatMessage.CLIENT_HELLO, x::setMsgType, x::setVersion, x::setSuite);
            x.setClientNonce(fixed(h.clientNonce(), NONCE_LENGTH, "client_nonce"));
            x.setPadding(new byte[h.paddingLength()]);
            x._check();
            w = x;
            length = 3 + NONCE_LENGTH + h.paddingLength();
        } else if (message instanceof Challenge c) {
            dev.parley.wire.chat.Challenge x = new dev.parley.wire.chat.Challenge();
            header(c.version(), c.suite(), ChatMessage.CHALLENGE, x::setMsgType, x::setVersion, x::setSuite);
            x.setLenServerKey(c.serverKey().length);
            x.setServerKey(c.serverKey());
            x.setCookie(wireCookie(c.cookie(), x));
            x._check();
            w = x;
            length = 3 + 2 + c.serverKey().length + COOKIE_LENGTH;
        } else if (message instanceof LoginRequest r) {
            dev.parley.wire.chat.LoginRequest x = new dev.parley.wire.chat.LoginRequest();
            header(r.version(), r.suite(), ChatMessage.LOGIN_REQUEST, x::setMsgType, x::setVersion, x::setSuite);
            x.setClientNonce(fixed(r.clientNonce(), NONCE_LENGTH, "client_nonce"));
            x.setCookie(wireCookie(r.cookie(), x));
            byte[] user = r.username().getBytes(StandardCharsets.ISO_8859_1);
            x.setLenUsername(user.length);
            x.setUsername(user);
            x.setLenWrappedSecret(r.wrappedSecret().length);
            x.setWrappedSecret(r.wrappedSecret());
            x.setPowSolution(fixed(r.powSolution(), POW_SOLUTION_LENGTH, "pow_solution"));
            x._check();
            w = x;
            length = 3 + NONCE_LENGTH + COOKIE_LENGTH + 1 + user.length + 2 + r.wrappedSecret().length
                    + POW_SOLUTION_LENGTH;
        } else if (message instanceof Sealed s) {
            dev.parley.wire.chat.SealedHandshake x = new dev.parley.wire.chat.SealedHandshake();
            header(s.version(), s.suite(), s.msgType(), x::setMsgType, x::setVersion, x::setSuite);
            x.setSealed(s.sealed());
            x._check();
            w = x;
            length = 3 + s.sealed().length;
        } else if (message instanceof ChatMessage.Error e) {
            dev.parley.wire.chat.ErrorMessage x = new dev.parley.wire.chat.ErrorMessage();
            header(e.version(), e.suite(), ChatMessage.ERROR, x::setMsgType, x::setVersion, x::setSuite);
            x.setCode(e.code());
            x._check();
            w = x;
            length = 5;
        } else if (message instanceof SessionRecord r) {
            dev.parley.wire.chat.SessionRecord x = new dev.parley.wire.chat.SessionRecord();
            x.setMsgType(ChatMessage.SESSION_RECORD);
            x.setSeq(r.seq());
            x.setSealed(r.sealed());
            x._check();
            w = x;
            length = 9 + r.sealed().length;
        } else {
            throw new IllegalArgumentException("unknown message " + message);
        }
        return write(w, length);
    }

    /** The header of a record, the AAD of its seal [CH-SEQ-2]. */
    public static byte[] recordHeader(long seq) {
        return ByteBuffer.allocate(9).put((byte) ChatMessage.SESSION_RECORD).putLong(seq).array();
    }

    /** The three header octets of a handshake message, the AAD of a sealed one. */
    public static byte[] handshakeHeader(int msgType) {
        return new byte[] {(byte) msgType, (byte) ChatMessage.VERSION, (byte) ChatMessage.SUITE};
    }

    /** The 74 octets of a cookie as they appear in a Challenge or LoginRequest. */
    public static byte[] encodeCookie(Cookie c) {
        dev.parley.wire.chat.Cookie x = wireCookie(c, null);
        return write(x, COOKIE_LENGTH);
    }

    // ---------------------------------------------------------------- sealed plaintexts

    public static byte[] encodeEnvelopeBody(EnvelopeBody b) {
        int fill = ENVELOPE_BODY_LENGTH - ENVELOPE_BODY_FIXED - b.envelope().length;
        if (fill < 0) {
            throw new IllegalArgumentException("envelope of " + b.envelope().length + " octets does not fit");
        }
        dev.parley.wire.chat.EnvelopeBody x = new dev.parley.wire.chat.EnvelopeBody();
        x.setMemoryKib(Integer.toUnsignedLong(b.memoryKib()));
        x.setIterations(Integer.toUnsignedLong(b.iterations()));
        x.setParallelism(b.parallelism());
        x.setSalt(fixed(b.salt(), SALT_LENGTH, "salt"));
        x.setLenEnvelope(b.envelope().length);
        x.setEnvelope(b.envelope());
        x.setPadding(new byte[fill]); // [CH-ENV-2] fixed length
        x._check();
        return write(x, ENVELOPE_BODY_LENGTH);
    }

    /** Decodes an EnvelopeResponse plaintext and checks the client's parameter bounds [CH-ENV-3]. */
    public static EnvelopeBody decodeEnvelopeBody(byte[] p) throws ChatException {
        if (p.length != ENVELOPE_BODY_LENGTH) {
            throw new ChatException(ChatError.MALFORMED, "envelope body of " + p.length + " octets");
        }
        dev.parley.wire.chat.EnvelopeBody x = read(new dev.parley.wire.chat.EnvelopeBody(stream(p)));
        long m = x.memoryKib();
        long t = x.iterations();
        int par = x.parallelism();
        if (par < 1 || par > 16 || m < 8L * par || m > 1_048_576 || t < 1 || t > 16) { // [CH-ENV-3] = [AC-KDF-2]
            throw new ChatException(ChatError.MALFORMED, "Argon2id parameters out of bounds");
        }
        if (x.lenEnvelope() < 12 + TAG_LENGTH) {
            throw new ChatException(ChatError.MALFORMED, "envelope shorter than 28 octets");
        }
        return new EnvelopeBody((int) m, (int) t, par, x.salt(), x.envelope());
    }

    public static byte[] encodeProofBody(ProofBody b) {
        dev.parley.wire.chat.ProofBody x = new dev.parley.wire.chat.ProofBody();
        x.setPeerPort(b.peerPort());
        x.setLenSignature(b.signature().length);
        x.setSignature(b.signature());
        x._check();
        return write(x, 4 + b.signature().length);
    }

    public static ProofBody decodeProofBody(byte[] p) throws ChatException {
        dev.parley.wire.chat.ProofBody x = read(new dev.parley.wire.chat.ProofBody(stream(p)));
        exact(x._io(), "proof body");
        return new ProofBody(x.peerPort(), x.signature());
    }

    public static byte[] encodeWelcomeBody(WelcomeBody b) {
        dev.parley.wire.chat.WelcomeBody x = new dev.parley.wire.chat.WelcomeBody();
        x.setHeartbeatIntervalMs(b.heartbeatIntervalMs());
        x.setSessionTimeoutMs(b.sessionTimeoutMs());
        x.setObserved(wireEndpoint(b.observed(), x, null));
        x.setServerTimeMs(b.serverTimeMs());
        x._check();
        return write(x, 8 + endpointLength(b.observed()) + 8);
    }

    public static WelcomeBody decodeWelcomeBody(byte[] p) throws ChatException {
        dev.parley.wire.chat.WelcomeBody x = read(new dev.parley.wire.chat.WelcomeBody(stream(p)));
        exact(x._io(), "welcome body");
        return new WelcomeBody(x.heartbeatIntervalMs(), x.sessionTimeoutMs(), endpoint(x.observed()),
                x.serverTimeMs());
    }

    // ---------------------------------------------------------------- session bodies

    public static byte[] encodeSessionBody(SessionBody body) {
        byte[] fields;
        if (body instanceof Simple) {
            fields = new byte[0];
        } else if (body instanceof ListResponse l) {
            dev.parley.wire.chat.ListResponseFields x = new dev.parley.wire.chat.ListResponseFields();
            x.setNumUsers(l.users().size());
            List<dev.parley.wire.chat.ListResponseFields.UserName> names = new ArrayList<>();
            int len = 2;
            for (String u : l.users()) {
                dev.parley.wire.chat.ListResponseFields.UserName n =
                        new dev.parley.wire.chat.ListResponseFields.UserName(null, x, x);
                byte[] b = u.getBytes(StandardCharsets.ISO_8859_1);
                n.setLenName(b.length);
                n.setName(b);
                n._check();
                names.add(n);
                len += 1 + b.length;
            }
            x.setUsers(new ArrayList<>(names));
            x._check();
            fields = write(x, len);
        } else if (body instanceof LookupRequest r) {
            fields = usernameFields(r.username());
        } else if (body instanceof LookupResponse r) {
            dev.parley.wire.chat.LookupResponseFields x = new dev.parley.wire.chat.LookupResponseFields();
            byte[] u = r.username().getBytes(StandardCharsets.ISO_8859_1);
            x.setStatus(r.online() ? 0 : 1);
            x.setLenUsername(u.length);
            x.setUsername(u);
            int len = 2 + u.length;
            if (r.online()) {
                dev.parley.wire.chat.LookupResponseFields.OnlineFields o =
                        new dev.parley.wire.chat.LookupResponseFields.OnlineFields(null, x, x);
                o.setLenPublicKey(r.publicKey().length);
                o.setPublicKey(r.publicKey());
                o.setEndpoint(wireEndpoint(r.endpoint(), o, null));
                o._check();
                x.setOnline(o);
                len += 2 + r.publicKey().length + endpointLength(r.endpoint());
            }
            x._check();
            fields = write(x, len);
        } else if (body instanceof ErrorResponse e) {
            dev.parley.wire.chat.ErrorResponseFields x = new dev.parley.wire.chat.ErrorResponseFields();
            x.setCode(e.code());
            x._check();
            fields = write(x, 2);
        } else if (body instanceof Unknown u) {
            fields = u.fields();
        } else {
            throw new IllegalArgumentException("unknown body " + body);
        }
        dev.parley.wire.chat.SessionBody x = new dev.parley.wire.chat.SessionBody();
        x.setBodyType(body.bodyType());
        x.setRequestId(body.requestId());
        x.setFields(fields);
        x._check();
        return write(x, 5 + fields.length);
    }

    /** Decodes a SessionRecord plaintext; an unknown body type decodes to {@link Unknown} [CH-REQ-4]. */
    public static SessionBody decodeSessionBody(byte[] p) throws ChatException {
        if (p.length < 5) {
            throw new ChatException(ChatError.MALFORMED, "session body shorter than 5 octets");
        }
        dev.parley.wire.chat.SessionBody x = read(new dev.parley.wire.chat.SessionBody(stream(p)));
        int type = x.bodyType();
        long id = x.requestId();
        byte[] f = x.fields();
        switch (type) {
            case Bodies.LIST_REQUEST, Bodies.HEARTBEAT, Bodies.HEARTBEAT_ACK, Bodies.LOGOUT, Bodies.LOGOUT_ACK,
                    Bodies.KEY_UPDATE -> {
                if (f.length != 0) {
                    throw new ChatException(ChatError.MALFORMED, "body type " + type + " has no fields");
                }
                return new Simple(type, id);
            }
            case Bodies.LIST_RESPONSE -> {
                dev.parley.wire.chat.ListResponseFields l = read(new dev.parley.wire.chat.ListResponseFields(stream(f)));
                exact(l._io(), "list_response");
                List<String> users = new ArrayList<>();
                for (dev.parley.wire.chat.ListResponseFields.UserName n : l.users()) {
                    users.add(username(n.name()));
                }
                return new ListResponse(id, List.copyOf(users));
            }
            case Bodies.LOOKUP_REQUEST -> {
                dev.parley.wire.chat.UsernameFields u = read(new dev.parley.wire.chat.UsernameFields(stream(f)));
                exact(u._io(), "lookup_request");
                return new LookupRequest(id, username(u.username()));
            }
            case Bodies.LOOKUP_RESPONSE -> {
                dev.parley.wire.chat.LookupResponseFields r =
                        read(new dev.parley.wire.chat.LookupResponseFields(stream(f)));
                exact(r._io(), "lookup_response");
                if (r.status() > 1) {
                    throw new ChatException(ChatError.MALFORMED, "lookup status " + r.status());
                }
                String name = username(r.username());
                if (r.status() == 1) {
                    return new LookupResponse(id, name, null, null);
                }
                return new LookupResponse(id, name, r.online().publicKey(), endpoint(r.online().endpoint()));
            }
            case Bodies.ERROR_RESPONSE -> {
                dev.parley.wire.chat.ErrorResponseFields e = read(new dev.parley.wire.chat.ErrorResponseFields(stream(f)));
                exact(e._io(), "error_response");
                return new ErrorResponse(id, e.code());
            }
            default -> {
                return new Unknown(type, id, f);
            }
        }
    }

    /** True when the name is 1..32 octets of letters, digits, '_', '-', '.' [CH-USER-1]. */
    public static boolean validUsername(String name) {
        if (name.isEmpty() || name.length() > MAX_USERNAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- endpoint

    static byte[] encodeEndpoint(Endpoint e) {
        dev.parley.wire.chat.Endpoint x = wireEndpoint(e, null, null);
        return write(x, endpointLength(e));
    }

    public static Endpoint decodeEndpoint(byte[] b) throws ChatException {
        dev.parley.wire.chat.Endpoint x = read(new dev.parley.wire.chat.Endpoint(stream(b)));
        exact(x._io(), "endpoint");
        return endpoint(x);
    }

    private static int endpointLength(Endpoint e) {
        return 1 + e.address().length + 4;
    }

    private static dev.parley.wire.chat.Endpoint wireEndpoint(Endpoint e, KaitaiStruct.ReadWrite parent, Object root) {
        dev.parley.wire.chat.Endpoint x = new dev.parley.wire.chat.Endpoint();
        x.setFamily(e.family());
        x.setAddress(e.address());
        x.setUdpPort(e.udpPort());
        x.setTransportPort(e.transportPort());
        x._check();
        return x;
    }

    private static Endpoint endpoint(dev.parley.wire.chat.Endpoint x) throws ChatException {
        if (x.family() != 4 && x.family() != 6) {
            throw new ChatException(ChatError.MALFORMED, "endpoint family " + x.family());
        }
        return new Endpoint(x.address(), x.udpPort(), x.transportPort());
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] usernameFields(String name) {
        dev.parley.wire.chat.UsernameFields x = new dev.parley.wire.chat.UsernameFields();
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        x.setLenUsername(b.length);
        x.setUsername(b);
        x._check();
        return write(x, 1 + b.length);
    }

    private static String username(byte[] b) throws ChatException {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (!validUsername(s)) {
            throw new ChatException(ChatError.MALFORMED, "bad username in a session body");
        }
        return s;
    }

    private static dev.parley.wire.chat.Cookie wireCookie(Cookie c, KaitaiStruct.ReadWrite parent) {
        dev.parley.wire.chat.Cookie x = new dev.parley.wire.chat.Cookie();
        x.setKeyId(c.keyId());
        x.setTimestampMs(c.timestampMs());
        x.setDifficulty(c.difficulty());
        x.setServerNonce(fixed(c.serverNonce(), NONCE_LENGTH, "server_nonce"));
        x.setMac(fixed(c.mac(), 32, "mac"));
        x._check();
        return x;
    }

    private static Cookie cookie(dev.parley.wire.chat.Cookie x) {
        return new Cookie(x.keyId(), x.timestampMs(), x.difficulty(), x.serverNonce(), x.mac());
    }

    private interface IntSetter {
        void set(int v);
    }

    private static void header(int version, int suite, int type, IntSetter t, IntSetter v, IntSetter s) {
        t.set(type);
        v.set(version);
        s.set(suite);
    }

    private static byte[] fixed(byte[] b, int length, String field) {
        if (b.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " octets");
        }
        return b;
    }

    private static KaitaiStream stream(byte[] b) {
        return new ByteBufferKaitaiStream(ByteBuffer.wrap(b));
    }

    private static <T extends KaitaiStruct.ReadWrite> T read(T struct) throws ChatException {
        try {
            struct._read();
            return struct;
        } catch (RuntimeException e) { // the generated reader signals truncation with runtime exceptions
            throw new ChatException(ChatError.MALFORMED, "truncated or malformed: " + e.getClass().getSimpleName());
        }
    }

    private static void exact(KaitaiStream io, String what) throws ChatException {
        if (!io.isEof()) {
            throw new ChatException(ChatError.MALFORMED, what + " has " + (io.size() - io.pos()) + " trailing octets");
        }
    }

    private static byte[] write(KaitaiStruct.ReadWrite struct, int length) {
        byte[] out = new byte[length];
        struct._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
