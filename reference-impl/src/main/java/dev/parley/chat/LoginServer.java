package dev.parley.chat;

import dev.parley.chat.Bodies.EnvelopeBody;
import dev.parley.chat.Bodies.ErrorResponse;
import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.Bodies.LookupRequest;
import dev.parley.chat.Bodies.LookupResponse;
import dev.parley.chat.Bodies.ProofBody;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.chat.Bodies.Simple;
import dev.parley.chat.Bodies.WelcomeBody;
import dev.parley.chat.ChatMessage.ClientHello;
import dev.parley.chat.ChatMessage.LoginRequest;
import dev.parley.chat.ChatMessage.Sealed;
import dev.parley.chat.ChatMessage.SessionRecord;
import dev.parley.chat.LoginServerTable.Guard;
import dev.parley.chat.LoginServerTable.Input;
import dev.parley.chat.LoginServerTable.Output;
import dev.parley.chat.LoginServerTable.State;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of one login and its session, sans I/O (spec/chat.md, "Login processing", "Session"): it
 * consumes the connection's messages and timer ticks with the time passed in, and produces messages through a
 * {@link ChatSink}. Its state changes only through {@link LoginServerTable} [CH-SM-2]. Nothing throws out of it:
 * every bad message is a counted drop or a specified Error.
 */
public final class LoginServer {
    private static final Logger LOG = LoggerFactory.getLogger(LoginServer.class);
    private final ChatServerContext ctx;
    private final Endpoint client;
    private final ChatSink sink;
    private State state = State.OPEN;
    private int hellos;
    // login in progress
    private Transcript transcript;
    private String username;
    private Optional<StoredUser> user = Optional.empty();
    private SessionCipher c2s;
    private SessionCipher s2c;
    private long loginDeadlineMs = Long.MAX_VALUE;
    private boolean pendingCounted;
    // session
    private Endpoint endpoint;
    private long expiresAtMs = Long.MAX_VALUE;
    private int badRecords;
    // per input: what the outputs need
    private ChatError errorCode;
    private byte[] rawMessage;
    private Object message;
    private SessionBody body;

    public LoginServer(ChatServerContext ctx, Endpoint client, ChatSink sink) {
        this.ctx = ctx;
        this.client = client;
        this.sink = sink;
    }

    public State state() {
        return state;
    }

    public String username() {
        return username;
    }

    /** The earliest time {@link #onTimer} has something to do. */
    public long nextDeadlineMs() {
        return state == State.AWAIT_PROOF ? loginDeadlineMs : state == State.ESTABLISHED ? expiresAtMs : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ inputs

    public void onMessage(byte[] m, long nowMs) {
        try {
            rawMessage = m;
            Object decoded;
            try {
                decoded = ChatCodec.decode(m);
            } catch (ChatException e) {
                errorCode = e.error();
                ctx.stats.count(e.error());
                fire(Input.RCV_MALFORMED, EnumSet.noneOf(Guard.class), nowMs);
                return;
            }
            message = decoded;
            Input input;
            Set<Guard> guards = EnumSet.noneOf(Guard.class);
            if (decoded instanceof ClientHello) {
                input = Input.RCV_HELLO;
                if (++hellos > 4) {
                    guards.add(Guard.TOO_MANY_HELLOS); // [CH-HELLO-4]
                }
            } else if (decoded instanceof LoginRequest r && state == State.OPEN) {
                input = Input.RCV_LOGIN_REQUEST;
                errorCode = checkLoginRequest(r, m, nowMs);
                if (errorCode != null) {
                    guards.add(Guard.CHECK_FAILS);
                }
            } else if (decoded instanceof LoginRequest) {
                input = Input.RCV_LOGIN_REQUEST;
            } else if (decoded instanceof Sealed s && s.msgType() == ChatMessage.PROOF) {
                input = Input.RCV_PROOF;
                if (state == State.AWAIT_PROOF) {
                    errorCode = checkProof(s, nowMs);
                    if (errorCode != null) {
                        guards.add(Guard.PROOF_FAILS);
                    }
                }
            } else if (decoded instanceof SessionRecord r) {
                input = Input.RCV_RECORD;
                if (state == State.ESTABLISHED) {
                    body = openRecord(r);
                    if (body != null && c2s.overLimit()) { // [CH-REKEY-2] ends the session, the record unanswered
                        ctx.stats.count(ChatError.REKEY_REQUIRED);
                        guards.add(Guard.RECORD_BAD);
                        guards.add(Guard.RECORD_BAD_LAST);
                        errorCode = ChatError.REKEY_REQUIRED;
                    } else if (body == null) {
                        guards.add(Guard.RECORD_BAD);
                        if (++badRecords >= ctx.config.maxBadRecords()) {
                            guards.add(Guard.RECORD_BAD_LAST);
                            errorCode = ChatError.BAD_RECORD;
                        }
                    } else if (body.bodyType() == Bodies.LOGOUT) {
                        guards.add(Guard.IS_LOGOUT);
                    }
                }
            } else {
                input = Input.RCV_UNEXPECTED;
            }
            fire(input, guards, nowMs);
        } catch (RuntimeException e) { // never out of the event loop
            LOG.warn("chat: internal failure on a message from {}", client, e);
            ctx.stats.count(ChatError.MALFORMED);
            abortConnection();
        } finally {
            errorCode = null;
            message = null;
            body = null;
            rawMessage = null;
        }
    }

    public void onTimer(long nowMs) {
        if (state == State.AWAIT_PROOF && nowMs >= loginDeadlineMs) {
            errorCode = ChatError.TIMEOUT;
            fire(Input.LOGIN_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        } else if (state == State.ESTABLISHED && nowMs >= expiresAtMs) {
            fire(Input.EXPIRY_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        }
        errorCode = null;
    }

    public void onClosed(long nowMs) {
        fire(Input.CONNECTION_CLOSED, EnumSet.noneOf(Guard.class), nowMs);
    }

    void replaced(long nowMs) {
        fire(Input.REPLACED, EnumSet.noneOf(Guard.class), nowMs);
    }

    // ------------------------------------------------------------------ checks (guards)

    /** Checks 2..8 of the LoginRequest in order [CH-LOGIN-1]; null when all pass. */
    private ChatError checkLoginRequest(LoginRequest r, byte[] wire, long nowMs) {
        ChatError e = ctx.cookie.verify(r.cookie(), r.clientNonce(), client, nowMs); // 2, 3
        if (e == null && !ProofOfWork.check(wire, r.cookie().difficulty())) { // 4 [CH-POW-1]
            e = ChatError.BAD_POW;
        }
        if (e == null) {
            ctx.difficulty.verified(nowMs); // [CH-POW-6] counts verified work
            ReplayCache.Result rr = ctx.replay.insert(r.cookie().serverNonce(),
                    r.cookie().timestampMs() + ctx.cookie.freshnessMs(), nowMs); // 5 [CH-REPLAY-1]
            e = rr == ReplayCache.Result.REPLAYED ? ChatError.REPLAYED_COOKIE
                    : rr == ReplayCache.Result.FULL ? ChatError.BUSY : null;
        }
        if (e == null && !ChatCodec.validUsername(r.username())) { // 6 [CH-USER-1]
            e = ChatError.BAD_USERNAME;
        }
        if (e == null && ctx.pendingLogins >= ctx.config.maxPendingLogins()) { // 8 (before taking a token)
            e = ChatError.BUSY;
        }
        if (e == null) { // 7 [CH-RATE-1]
            GuessLimiter.Result g = ctx.guesses.take(r.username(), nowMs);
            e = g == GuessLimiter.Result.LIMITED ? ChatError.RATE_LIMITED
                    : g == GuessLimiter.Result.FULL ? ChatError.BUSY : null;
        }
        if (e != null) {
            ctx.stats.count(e);
        }
        return e;
    }

    private ChatError checkProof(Sealed s, long nowMs) {
        byte[] p = c2s.open(ChatCodec.handshakeHeader(ChatMessage.PROOF), s.sealed());
        if (p == null) {
            ctx.stats.count(ChatError.BAD_RECORD);
            return ChatError.BAD_RECORD;
        }
        ProofBody proof;
        try {
            proof = ChatCodec.decodeProofBody(p);
        } catch (ChatException e) {
            ctx.stats.count(e.error());
            return e.error();
        }
        PublicKey key = user.map(u -> Suite1.publicKey(u.publicKeySpki())).orElse(null);
        byte[] th2 = transcript.hash(); // T1, the EnvelopeResponse and the server key [CH-TH-1]
        if (key == null || !Suite1.pssVerify(key, Transcript.proofInput(th2), proof.signature())) { // [CH-POP-2]
            ctx.stats.count(ChatError.BAD_PROOF);
            return ChatError.BAD_PROOF;
        }
        if (!ctx.directory.hasRoom(username)) { // [CH-PRES-6] full: only a user already online gets in (replacing)
            ctx.guesses.giveBack(username, nowMs); // the Proof was valid [CH-RATE-2]
            ctx.stats.count(ChatError.BUSY);
            return ChatError.BUSY;
        }
        endpoint = new Endpoint(client.address(), client.udpPort(), proof.peerPort());
        return null;
    }

    private SessionBody openRecord(SessionRecord r) {
        if (r.seq() != c2s.nextSeq()) { // [CH-SEQ-2]
            ctx.stats.count(ChatError.BAD_SEQ);
            return null;
        }
        byte[] p = c2s.open(ChatCodec.recordHeader(r.seq()), r.sealed());
        if (p == null) {
            ctx.stats.count(ChatError.BAD_RECORD);
            return null;
        }
        try {
            return ChatCodec.decodeSessionBody(p);
        } catch (ChatException e) {
            ctx.stats.count(e.error());
            // a known body with bad fields: marked with a negative code and answered with CH_MALFORMED [CH-REQ-4]
            return new ErrorResponse(0, -e.error().value());
        }
    }

    // ------------------------------------------------------------------ transitions

    private void fire(Input input, Set<Guard> guards, long nowMs) {
        StateTable.Row<State, Input, Guard, Output> row = LoginServerTable.TABLE.lookup(state, input, guards);
        State from = state;
        state = row.to();
        for (Output o : row.outputs()) {
            perform(o, input, nowMs);
        }
        if (from != state) {
            LOG.debug("chat: {} {} -> {} on {}", client, from, state, input);
        }
    }

    private void perform(Output o, Input input, long nowMs) {
        switch (o) {
            case SEND_CHALLENGE -> {
                ClientHello h = (ClientHello) message;
                ChatMessage.Cookie c = ctx.cookie.mint(h.clientNonce(), client, ctx.difficulty.current(nowMs), nowMs);
                ctx.stats.challenge();
                sink.send(ChatCodec.encode(new ChatMessage.Challenge(1, 1, ctx.serverSpki, c))); // [CH-COOKIE-3]
            }
            case SEND_ERROR -> {
                // the failed check's code; a message unexpected in the state (or a fifth hello) is CH_UNEXPECTED
                ChatError e = errorCode == null ? ChatError.UNEXPECTED : errorCode;
                if (e.value() > 0) {
                    sink.send(ChatCodec.encode(new ChatMessage.Error(1, 1, e.value()))); // [CH-MSG-4] [CH-VER-1]
                }
            }
            case ACCEPT_REQUEST -> acceptRequest(nowMs);
            case ACCEPT_PROOF -> acceptProof(nowMs);
            case ANSWER -> {
                expiresAtMs = nowMs + ctx.config.sessionTimeoutMs(); // [CH-PRES-2]
                answer(body);
            }
            case ACK_LOGOUT -> sendRecord(new Simple(Bodies.LOGOUT_ACK, body.requestId()));
            case SEND_REPLACED -> sendRecord(new ErrorResponse(0, ChatError.SESSION_REPLACED.value()));
            case UNREGISTER -> ctx.directory.unregister(username, this);
            case CLOSE -> {
                release();
                sink.close();
            }
            case RELEASE -> release();
            case DROP -> {
                if (!(input == Input.RCV_RECORD && state == State.ESTABLISHED)) { // a bad record was counted by its check
                    ctx.stats.count(ChatError.UNEXPECTED);
                }
            }
            case IGNORE -> {
            }
        }
    }

    private void acceptRequest(long nowMs) {
        LoginRequest r = (LoginRequest) message;
        ctx.pendingLogins++;
        pendingCounted = true;
        username = r.username();
        byte[] secret = Suite1.oaepUnwrap(ctx.serverPrivate, r.wrappedSecret()); // the first private-key operation
        if (secret == null || secret.length != 32) { // [CH-KEX-2] implicit rejection
            ctx.stats.count(ChatError.BAD_KEY_EXCHANGE);
            secret = ctx.fakes.rejectSecret(r.wrappedSecret());
        }
        transcript = new Transcript();
        // the server kept nothing of the ClientHello and Challenge (stateless until here): T1 uses the canonical
        // ClientHello and the Challenge rebuilt from the returned cookie, as the spec defines [CH-TH-1]
        transcript.add(helloFor(r.clientNonce())).add(challengeFor(r.cookie())).add(rawMessage);
        KeySchedule ks = new KeySchedule(secret, transcript.hash());
        c2s = new SessionCipher(ks.secretC2s(), ctx.config.recordsPerSecret());
        s2c = new SessionCipher(ks.secretS2c(), ctx.config.recordsPerSecret());
        user = ctx.users.find(username);
        EnvelopeBody body = user.map(u -> new EnvelopeBody(u.memoryKib(), u.iterations(), u.parallelism(), u.salt(),
                        u.envelope()))
                .orElseGet(() -> ctx.fakes.body(username, ctx.config.defaultMemoryKib(), ctx.config.defaultIterations(),
                        ctx.config.defaultParallelism())); // [CH-FAKE-1]
        byte[] header = ChatCodec.handshakeHeader(ChatMessage.ENVELOPE_RESPONSE);
        byte[] sealed = s2c.seal(header, ChatCodec.encodeEnvelopeBody(body)); // [CH-ENV-2]
        byte[] wire = ChatCodec.encode(new Sealed(ChatMessage.ENVELOPE_RESPONSE, 1, 1, sealed));
        transcript.add(wire).add(ctx.serverSpki);
        ctx.stats.envelope();
        loginDeadlineMs = nowMs + ctx.config.loginTimeoutMs(); // [CH-LOGIN-2]
        sink.send(wire);
    }

    /** The ClientHello as the client sent it: 512 octets, zero padding [CH-HELLO-2]. */
    private static byte[] helloFor(byte[] clientNonce) {
        return ChatCodec.encode(new ClientHello(1, 1, clientNonce, ChatCodec.HELLO_LENGTH - 35));
    }

    private byte[] challengeFor(ChatMessage.Cookie c) {
        return ChatCodec.encode(new ChatMessage.Challenge(1, 1, ctx.serverSpki, c));
    }

    private void acceptProof(long nowMs) {
        ctx.guesses.giveBack(username, nowMs); // [CH-RATE-2]
        releasePending();
        Directory.Entry old = ctx.directory.register(
                new Directory.Entry(username, endpoint, user.get().publicKeySpki(), this));
        if (old != null && old.session() != this) {
            old.session().replaced(nowMs); // [CH-PRES-4]
        }
        expiresAtMs = nowMs + ctx.config.sessionTimeoutMs();
        ctx.stats.login();
        byte[] header = ChatCodec.handshakeHeader(ChatMessage.WELCOME);
        WelcomeBody w = new WelcomeBody(ctx.config.heartbeatIntervalMs(), ctx.config.sessionTimeoutMs(), endpoint, nowMs);
        sink.send(ChatCodec.encode(new Sealed(ChatMessage.WELCOME, 1, 1, s2c.seal(header, ChatCodec.encodeWelcomeBody(w)))));
    }

    private void answer(SessionBody b) {
        long id = b.requestId();
        if (b instanceof ErrorResponse e && e.code() < 0) { // a body that failed to decode [CH-REQ-4]
            sendRecord(new ErrorResponse(id, ChatError.MALFORMED.value()));
        } else if (b.bodyType() == Bodies.LIST_REQUEST) {
            sendRecord(new ListResponse(id, ctx.directory.list())); // [CH-REQ-2]
        } else if (b instanceof LookupRequest l) {
            Directory.Entry e = ctx.directory.lookup(l.username());
            sendRecord(e == null ? new LookupResponse(id, l.username(), null, null)
                    : new LookupResponse(id, l.username(), e.publicKeySpki(), e.endpoint())); // [CH-REQ-3]
        } else if (b.bodyType() == Bodies.HEARTBEAT) {
            sendRecord(new Simple(Bodies.HEARTBEAT_ACK, id));
        } else if (b.bodyType() == Bodies.KEY_UPDATE) {
            c2s.update(); // [CH-REKEY-2]
        } else { // unknown types, and response types sent as requests [CH-REQ-4]
            sendRecord(new ErrorResponse(id, ChatError.UNKNOWN_REQUEST.value()));
        }
    }

    private void sendRecord(SessionBody b) {
        if (s2c.needsUpdate()) { // [CH-REKEY-1]
            long seq = s2c.nextSeq();
            sink.send(ChatCodec.encode(new SessionRecord(seq,
                    s2c.seal(ChatCodec.recordHeader(seq), ChatCodec.encodeSessionBody(new Simple(Bodies.KEY_UPDATE, 0))))));
            s2c.update();
        }
        long seq = s2c.nextSeq();
        sink.send(ChatCodec.encode(new SessionRecord(seq, s2c.seal(ChatCodec.recordHeader(seq), ChatCodec.encodeSessionBody(b)))));
    }

    private void releasePending() {
        if (pendingCounted) {
            ctx.pendingLogins--;
            pendingCounted = false;
        }
    }

    private void release() {
        releasePending();
        loginDeadlineMs = Long.MAX_VALUE;
        if (state != State.ESTABLISHED) {
            expiresAtMs = Long.MAX_VALUE;
        }
    }

    private void abortConnection() {
        if (state == State.ESTABLISHED) {
            ctx.directory.unregister(username, this);
        }
        state = State.CLOSED;
        release();
        sink.close();
    }

    @Override
    public String toString() {
        return "login_server{client=" + client + " state=" + state + " username=" + username + "}";
    }
}
