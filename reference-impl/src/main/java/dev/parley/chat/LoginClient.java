package dev.parley.chat;

import dev.parley.chat.Bodies.EnvelopeBody;
import dev.parley.chat.Bodies.ProofBody;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.chat.Bodies.Simple;
import dev.parley.chat.Bodies.WelcomeBody;
import dev.parley.chat.ChatMessage.Challenge;
import dev.parley.chat.ChatMessage.ClientHello;
import dev.parley.chat.ChatMessage.LoginRequest;
import dev.parley.chat.ChatMessage.Sealed;
import dev.parley.chat.ChatMessage.SessionRecord;
import dev.parley.chat.LoginClientTable.Guard;
import dev.parley.chat.LoginClientTable.Input;
import dev.parley.chat.LoginClientTable.Output;
import dev.parley.chat.LoginClientTable.State;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The client end of a login and its session, sans I/O (spec/chat.md, "Login processing", "Session"). Time is
 * passed in, randomness comes from the injected {@link SecureRandom}, messages leave through a {@link ChatSink},
 * and the state changes only through {@link LoginClientTable} [CH-SM-2].
 */
public final class LoginClient {
    /** What the user of the engine learns. */
    public interface Listener {
        void onEstablished(WelcomeBody welcome);

        void onResponse(SessionBody body);

        /** The login failed, or the session ended (then {@code error} is {@link ChatError#CLOSED}). */
        void onEnded(ChatError error);
    }

    /** The client's settings: the pinned key as SPKI or as a fingerprint (one of them) [CH-PIN-1]. */
    public record Config(String username, char[] password, byte[] pinnedSpki, String pinnedFingerprint,
            int maxDifficulty, int peerPort, long loginTimeoutMs) {
        public Config {
            if ((pinnedSpki == null) == (pinnedFingerprint == null)) {
                throw new IllegalArgumentException("pin the server key by SPKI or by fingerprint, exactly one");
            }
            if (!ChatCodec.validUsername(username)) {
                throw new IllegalArgumentException("bad username");
            }
        }
    }

    private final Config config;
    private final SecureRandom random;
    private final EnvelopeOpener opener;
    private final ChatSink sink;
    private final Listener listener;
    private State state = State.START;
    private byte[] clientNonce;
    private final Transcript transcript = new Transcript();
    private byte[] serverSpki;
    private SessionCipher c2s;
    private SessionCipher s2c;
    private PrivateKey userKey;
    private long loginDeadlineMs = Long.MAX_VALUE;
    private long heartbeatAtMs = Long.MAX_VALUE;
    private long heartbeatIntervalMs;
    private long nextRequestId = 1;
    private long powAttempts;
    // per input
    private Object message;
    private ChatError failure;
    private SessionBody delivered;
    private SessionBody toSend;

    public LoginClient(Config config, SecureRandom random, EnvelopeOpener opener, ChatSink sink, Listener listener) {
        this.config = config;
        this.random = random;
        this.opener = opener;
        this.sink = sink;
        this.listener = listener;
    }

    public State state() {
        return state;
    }

    public long powAttempts() {
        return powAttempts;
    }

    /**
     * The user's identity private key, opened from the password envelope; null until the envelope opened. What a
     * logged-in client hands to end-to-end messaging (never sent anywhere).
     */
    public PrivateKey identityKey() {
        return userKey;
    }

    /** The user's identity public key as SPKI, derived from {@link #identityKey()}; null until it opened. */
    public byte[] identitySpki() {
        return userKey == null ? null : Suite1.publicOf(userKey).getEncoded();
    }

    public long nextDeadlineMs() {
        return state == State.ESTABLISHED ? heartbeatAtMs : state == State.CLOSED ? Long.MAX_VALUE : loginDeadlineMs;
    }

    // ------------------------------------------------------------------ user calls

    public void begin(long nowMs) {
        fire(Input.BEGIN, EnumSet.noneOf(Guard.class), nowMs);
    }

    /** Sends a request with a fresh request id, which it returns; -1 when not established. */
    public long request(int bodyType, String username, long nowMs) {
        long id = nextRequestId++;
        toSend = bodyType == Bodies.LOOKUP_REQUEST ? new Bodies.LookupRequest(id, username) : new Simple(bodyType, id);
        State before = state;
        fire(Input.REQUEST, EnumSet.noneOf(Guard.class), nowMs);
        toSend = null;
        return before == State.ESTABLISHED ? id : -1;
    }

    public void logout(long nowMs) {
        fire(Input.LOGOUT, EnumSet.noneOf(Guard.class), nowMs);
    }

    // ------------------------------------------------------------------ network and timers

    public void onMessage(byte[] m, long nowMs) {
        Set<Guard> guards = EnumSet.noneOf(Guard.class);
        Input input;
        try {
            Object d = ChatCodec.decode(m);
            message = d;
            if (d instanceof ChatMessage.Error e) {
                input = Input.RCV_ERROR;
                failure = ChatError.ofValue(e.code()); // [CH-ERR-1] [CH-ERR-2]
            } else if (d instanceof Challenge c && state == State.AWAIT_CHALLENGE) {
                input = Input.RCV_CHALLENGE;
                if (!pinned(c.serverKey())) {
                    guards.add(Guard.KEY_MISMATCH);
                    failure = ChatError.SERVER_KEY_MISMATCH; // [CH-PIN-2]
                } else if (c.cookie().difficulty() > config.maxDifficulty()) {
                    guards.add(Guard.TOO_HARD);
                    failure = ChatError.POW_TOO_HARD; // [CH-POW-3]
                } else {
                    transcript.add(m);
                }
            } else if (d instanceof Sealed s && s.msgType() == ChatMessage.ENVELOPE_RESPONSE && state == State.AWAIT_ENVELOPE) {
                input = Input.RCV_ENVELOPE;
                classifyEnvelope(s, m, guards);
            } else if (d instanceof Sealed s && s.msgType() == ChatMessage.WELCOME && state == State.AWAIT_WELCOME) {
                input = Input.RCV_WELCOME;
                byte[] p = s2c.open(ChatCodec.handshakeHeader(ChatMessage.WELCOME), s.sealed());
                if (p == null) {
                    guards.add(Guard.SEAL_FAILS);
                    failure = ChatError.SERVER_KEY_MISMATCH;
                } else {
                    try {
                        message = ChatCodec.decodeWelcomeBody(p);
                    } catch (ChatException e) {
                        guards.add(Guard.BODY_MALFORMED);
                        failure = e.error();
                    }
                }
            } else if (d instanceof SessionRecord r && state == State.ESTABLISHED) {
                input = Input.RCV_RECORD;
                delivered = openRecord(r);
                if (delivered == null) {
                    guards.add(Guard.RECORD_BAD);
                }
            } else {
                input = Input.RCV_UNEXPECTED;
                failure = ChatError.UNEXPECTED;
            }
        } catch (ChatException e) {
            input = Input.RCV_MALFORMED;
            failure = e.error();
        }
        fire(input, guards, nowMs);
        message = null;
        failure = null;
        delivered = null;
    }

    public void onTimer(long nowMs) {
        if (state == State.ESTABLISHED && nowMs >= heartbeatAtMs) {
            fire(Input.HEARTBEAT_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        } else if (state != State.ESTABLISHED && state != State.CLOSED && nowMs >= loginDeadlineMs) {
            failure = ChatError.TIMEOUT;
            fire(Input.LOGIN_TIMER, EnumSet.noneOf(Guard.class), nowMs);
            failure = null;
        }
    }

    public void onClosed(long nowMs) {
        failure = ChatError.CLOSED;
        fire(Input.CONNECTION_CLOSED, EnumSet.noneOf(Guard.class), nowMs);
        failure = null;
    }

    // ------------------------------------------------------------------ guards

    private boolean pinned(byte[] spki) {
        if (config.pinnedSpki() != null) {
            return MessageDigest.isEqual(config.pinnedSpki(), spki);
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(config.pinnedFingerprint().toLowerCase()),
                Suite1.sha256(spki));
    }

    private void classifyEnvelope(Sealed s, byte[] wire, Set<Guard> guards) {
        byte[] p = s2c.open(ChatCodec.handshakeHeader(ChatMessage.ENVELOPE_RESPONSE), s.sealed());
        if (p == null) { // only the holder of the pinned key could have sealed it [CH-PIN-3]
            guards.add(Guard.SEAL_FAILS);
            failure = ChatError.SERVER_KEY_MISMATCH;
            return;
        }
        EnvelopeBody body;
        try {
            body = ChatCodec.decodeEnvelopeBody(p); // [CH-ENV-3] bounds
        } catch (ChatException e) {
            guards.add(Guard.BODY_MALFORMED);
            failure = e.error();
            return;
        }
        userKey = opener.open(config.username(), body, config.password());
        if (userKey == null) {
            guards.add(Guard.ENVELOPE_FAILS);
            failure = ChatError.WRONG_PASSWORD; // [CH-ENV-4]
            return;
        }
        transcript.add(wire).add(serverSpki);
    }

    private SessionBody openRecord(SessionRecord r) {
        if (r.seq() != s2c.nextSeq()) { // [CH-SEQ-2]
            return null;
        }
        byte[] p = s2c.open(ChatCodec.recordHeader(r.seq()), r.sealed());
        if (p == null) {
            return null;
        }
        try {
            SessionBody b = ChatCodec.decodeSessionBody(p);
            if (b.bodyType() == Bodies.KEY_UPDATE) {
                s2c.update(); // [CH-REKEY-2]
            }
            return b;
        } catch (ChatException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ transitions

    private void fire(Input input, Set<Guard> guards, long nowMs) {
        StateTable.Row<State, Input, Guard, Output> row = LoginClientTable.TABLE.lookup(state, input, guards);
        state = row.to();
        for (Output o : row.outputs()) {
            perform(o, nowMs);
        }
    }

    private void perform(Output o, long nowMs) {
        switch (o) {
            case SEND_HELLO -> {
                clientNonce = new byte[32];
                random.nextBytes(clientNonce); // [CH-HELLO-1]
                byte[] hello = ChatCodec.encode(new ClientHello(1, 1, clientNonce, ChatCodec.HELLO_LENGTH - 35));
                transcript.add(hello);
                sink.send(hello);
            }
            case ARM_LOGIN_TIMER -> loginDeadlineMs = nowMs + config.loginTimeoutMs();
            case SEND_LOGIN_REQUEST -> sendLoginRequest();
            case SEND_PROOF -> {
                byte[] signature = Suite1.pssSign(userKey, Transcript.proofInput(transcript.hash()), random); // [CH-POP-1]
                byte[] header = ChatCodec.handshakeHeader(ChatMessage.PROOF);
                byte[] sealed = c2s.seal(header, ChatCodec.encodeProofBody(new ProofBody(config.peerPort(), signature)));
                sink.send(ChatCodec.encode(new Sealed(ChatMessage.PROOF, 1, 1, sealed)));
            }
            case NOTIFY_ESTABLISHED -> {
                loginDeadlineMs = Long.MAX_VALUE;
                WelcomeBody w = (WelcomeBody) message;
                heartbeatIntervalMs = Math.max(1, w.heartbeatIntervalMs());
                listener.onEstablished(w);
            }
            case ARM_HEARTBEAT -> heartbeatAtMs = nowMs + heartbeatIntervalMs;
            case SEND_REQUEST -> sendRecord(toSend, nowMs);
            case SEND_HEARTBEAT -> sendRecord(new Simple(Bodies.HEARTBEAT, nextRequestId++), nowMs);
            case SEND_LOGOUT -> sendRecord(new Simple(Bodies.LOGOUT, nextRequestId++), nowMs);
            case DELIVER -> {
                if (delivered.bodyType() != Bodies.KEY_UPDATE) {
                    listener.onResponse(delivered);
                }
            }
            case FAIL -> {
                loginDeadlineMs = Long.MAX_VALUE;
                sink.close();
                listener.onEnded(failure == null ? ChatError.CLOSED : failure);
            }
            case CLOSE -> sink.close();
            case NOTIFY_ENDED -> listener.onEnded(ChatError.CLOSED);
            case DROP, REJECT, IGNORE -> {
            }
        }
    }

    private void sendLoginRequest() {
        Challenge c = (Challenge) message;
        serverSpki = c.serverKey();
        PublicKey serverKey = Suite1.publicKey(serverSpki);
        byte[] secret = new byte[32];
        random.nextBytes(secret); // [CH-KEX-1]
        byte[] wrapped = Suite1.oaepWrap(serverKey, secret, random);
        byte[] start = new byte[8];
        random.nextBytes(start);
        long from = java.nio.ByteBuffer.wrap(start).getLong() & 0x7FFF_FFFF_FFFF_FFFFL;
        byte[] wire = ChatCodec.encode(new LoginRequest(1, 1, clientNonce, c.cookie(), config.username(), wrapped,
                new byte[8]));
        powAttempts = ProofOfWork.solve(wire, c.cookie().difficulty(), from); // [CH-POW-2]
        transcript.add(wire);
        KeySchedule ks = new KeySchedule(secret, transcript.hash()); // th1 [CH-KS-1]
        c2s = new SessionCipher(ks.secretC2s());
        s2c = new SessionCipher(ks.secretS2c());
        sink.send(wire);
    }

    private void sendRecord(SessionBody b, long nowMs) {
        if (c2s.needsUpdate()) { // [CH-REKEY-1]
            long seq = c2s.nextSeq();
            sink.send(ChatCodec.encode(new SessionRecord(seq, c2s.seal(ChatCodec.recordHeader(seq),
                    ChatCodec.encodeSessionBody(new Simple(Bodies.KEY_UPDATE, 0))))));
            c2s.update();
        }
        long seq = c2s.nextSeq();
        sink.send(ChatCodec.encode(new SessionRecord(seq, c2s.seal(ChatCodec.recordHeader(seq), ChatCodec.encodeSessionBody(b)))));
        heartbeatAtMs = nowMs + heartbeatIntervalMs; // [CH-PRES-2]
    }

    @Override
    public String toString() {
        return "login_client{username=" + config.username() + " state=" + state + "}";
    }
}
