package dev.parley.chat.peer;

import dev.parley.chat.StateTable;
import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerMessaging.Outcome;
import dev.parley.chat.peer.PeerSessionTable.Guard;
import dev.parley.chat.peer.PeerSessionTable.Input;
import dev.parley.chat.peer.PeerSessionTable.Output;
import dev.parley.chat.peer.PeerSessionTable.State;
import dev.parley.chat.peer.PeerWire.Body;
import dev.parley.chat.peer.PeerWire.Header;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One peer session, either role, sans I/O (spec/messaging.md sections 5-9): time is passed in, randomness comes
 * from the injected {@link SecureRandom}, messages leave through a {@link Wire}, what the user must learn goes to
 * {@link Events}, and the state changes only through {@link PeerSessionTable} [PM-SM-2]. One thread (the node's
 * loop) calls it.
 */
public final class PeerSession {

    /** Where the session's effects go. */
    public interface Wire {
        void send(byte[] message);

        /** Orderly close of the connection. */
        void close();

        void abort();

        /** Open the transport connection to the peer (initiator). */
        void connect();

        /** Look the PeerOpen's sender up through the server session; answer with onKeyFound / onKeyMissing. */
        void lookupSender(String user);
    }

    /** What the node and its user learn. */
    public interface Events {
        void delivered(PeerSession session, String sender, String text, long sentAtMs);

        void keyChanged(String user, String pinnedFingerprint, String presentedFingerprint);

        /** The session reached CLOSED (once). */
        void closed(PeerSession session);
    }

    /** One send: its text, id once sealed, receipt deadline, and where its outcome goes (exactly once). */
    private static final class Pending {
        final String text;
        final BiConsumer<Outcome, String> done;
        byte[] messageId;
        long deadlineMs;
        boolean ended;

        Pending(String text, BiConsumer<Outcome, String> done) {
            this.text = text;
            this.done = done;
        }

        void end(Outcome o, String detail) {
            if (!ended) {
                ended = true;
                done.accept(o, detail);
            }
        }
    }

    /** The long-lived things a session uses, shared by a node's sessions. */
    public record Shared(PeerConfig config, String username, PrivateKey identityKey, byte[] identitySpki,
            PeerPins pins, OpenReplayCache openReplay, PeerStats stats, SecureRandom random) {
    }

    private final Shared shared;
    private final PeerConfig config;
    private final Wire wire;
    private final Events events;
    private final boolean initiator;
    private State state = State.START;
    private String peer;
    private byte[] peerSpki;
    private PeerCipher sendCipher;
    private PeerCipher recvCipher;
    private ReplayWindow window;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Pending> unacked = new LinkedHashMap<>();
    private int badRecords;
    private long connectDeadlineMs = Long.MAX_VALUE;
    private long openDeadlineMs = Long.MAX_VALUE;
    private long lastActivityMs;
    private long openedAtMs;
    // per input
    private Pending current;
    private PeerWire.Open open;
    private Header header;
    private Body body;
    private PeerCode failure;
    private String presentedFingerprint;

    private PeerSession(Shared shared, Wire wire, Events events, boolean initiator, String peer, byte[] peerSpki) {
        this.shared = shared;
        this.config = shared.config();
        this.wire = wire;
        this.events = events;
        this.initiator = initiator;
        this.peer = peer;
        this.peerSpki = peerSpki;
    }

    /** A session to {@code peer}, whose key the node looked up and checked against the pin [PM-FIND-1]. */
    public static PeerSession initiator(Shared shared, Wire wire, Events events, String peer, byte[] peerSpki) {
        return new PeerSession(shared, wire, events, true, peer, peerSpki.clone());
    }

    /** A session on a connection the node accepted. */
    public static PeerSession responder(Shared shared, Wire wire, Events events) {
        return new PeerSession(shared, wire, events, false, null, null);
    }

    public State state() {
        return state;
    }

    /** The peer's username: known from the start (initiator) or from the PeerOpen (responder). */
    public String peer() {
        return peer;
    }

    public boolean isInitiator() {
        return initiator;
    }

    // ------------------------------------------------------------------ user calls and reports

    /** Sends {@code text}; {@code done} receives its outcome exactly once [PM-RCPT-2] [PM-INV-3]. */
    public void send(String text, BiConsumer<Outcome, String> done, long nowMs) {
        current = new Pending(text, done);
        Set<Guard> g = EnumSet.noneOf(Guard.class);
        if (queue.size() + unacked.size() >= config.maxPending()) {
            g.add(Guard.QUEUE_FULL);
        } else if (state == State.OPEN && sendCipher.needsUpdate()) {
            g.add(Guard.NEEDS_REKEY);
        }
        Pending p = current;
        fire(Input.SEND, g, nowMs);
        current = null;
        if (!p.ended && !queue.contains(p) && !unacked.containsValue(p)) {
            p.end(Outcome.FAILED, "PM_CLOSED: the session cannot take a send");
        }
    }

    public void onAccepted(long nowMs) {
        fire(Input.ACCEPTED, EnumSet.noneOf(Guard.class), nowMs);
    }

    public void onConnected(long nowMs) {
        fire(Input.CONNECTED, EnumSet.noneOf(Guard.class), nowMs);
    }

    public void onConnectionClosed(long nowMs) {
        failure = PeerCode.CLOSED;
        fire(Input.CONNECTION_CLOSED, EnumSet.noneOf(Guard.class), nowMs);
    }

    public void close(long nowMs) {
        failure = PeerCode.CLOSED;
        fire(Input.CLOSE, EnumSet.noneOf(Guard.class), nowMs);
    }

    /** The sender is not online, or the look-up failed [PM-PIN-3]. */
    public void onKeyMissing(long nowMs) {
        failure = PeerCode.UNKNOWN_SENDER;
        fire(Input.KEY_MISSING, EnumSet.noneOf(Guard.class), nowMs);
    }

    /** The look-up of the PeerOpen's sender gave {@code spki}: checks 5-10 of section 8.3 [PM-RCV-1]. */
    public void onKeyFound(byte[] spki, long nowMs) {
        Set<Guard> g = EnumSet.noneOf(Guard.class);
        if (state == State.VERIFYING) {
            PeerPins.Check pin = shared.pins().check(peer, spki); // [PM-PIN-3] [PM-PIN-2]
            if (pin == PeerPins.Check.CHANGED) {
                presentedFingerprint = Suite1.fingerprint(spki);
                failure = PeerCode.KEY_CHANGED;
                g.add(Guard.KEY_CHANGED);
            } else if (pin == PeerPins.Check.FULL) {
                failure = PeerCode.BUSY;
                g.add(Guard.VERIFY_FAILS);
            } else {
                failure = verifyOpen(spki, nowMs);
                if (failure != null) {
                    g.add(Guard.VERIFY_FAILS);
                }
            }
        }
        fire(Input.KEY_FOUND, g, nowMs);
    }

    /** Steps 6-10 of section 8.3; null when the PeerOpen is accepted. */
    private PeerCode verifyOpen(byte[] spki, long nowMs) {
        PublicKey senderKey = Suite1.publicKey(spki);
        byte[] signed = PeerKeys.signedOpen(open.headerBytes(), open.wrappedKey(), spki, shared.identitySpki(),
                open.sealed());
        shared.stats().publicKeyOp();
        if (senderKey == null || !Suite1.pssVerify(senderKey, signed, open.signature())) {
            return PeerCode.BAD_SIGNATURE; // [PM-SIG-1]
        }
        OpenReplayCache.Result r = shared.openReplay().insert(peer, open.header().messageId(),
                open.header().timestampMs() + config.freshnessWindowMs(), nowMs); // [PM-OPEN-4]
        if (r == OpenReplayCache.Result.REPLAYED) {
            return PeerCode.REPLAYED;
        }
        if (r == OpenReplayCache.Result.FULL) {
            return PeerCode.BUSY;
        }
        shared.stats().privateKeyOp(); // only now, after the signature and the replay check [PM-OPEN-5]
        byte[] secret = Suite1.oaepUnwrap(shared.identityKey(), open.wrappedKey());
        if (secret == null || secret.length != 32) {
            return PeerCode.BAD_KEY;
        }
        byte[] openHash = PeerKeys.openHash(open.headerBytes(), open.wrappedKey(), spki, shared.identitySpki());
        PeerKeys keys = new PeerKeys(secret, openHash);
        PeerCipher i2r = new PeerCipher(keys.secretI2r(), config.recordsPerSecret());
        byte[] plain = i2r.open(0, open.headerBytes(), open.sealed());
        if (plain == null) {
            return PeerCode.BAD_RECORD; // [PM-KS-1]
        }
        try {
            body = PeerCodec.decodeBody(plain, config.maxText());
        } catch (PeerException e) {
            return e.code();
        }
        if (!(body instanceof PeerWire.Text)) {
            return PeerCode.MALFORMED; // [PM-BODY-1]
        }
        peerSpki = spki.clone();
        recvCipher = i2r;
        window = new ReplayWindow(config.replayWindow());
        window.mark(0);
        sendCipher = new PeerCipher(keys.secretR2i(), config.recordsPerSecret()); // [PM-KS-2]
        header = open.header();
        return null;
    }

    // ------------------------------------------------------------------ network and timers

    public void onMessage(byte[] m, long nowMs) {
        Set<Guard> g = EnumSet.noneOf(Guard.class);
        Input input;
        failure = null;
        body = null;
        PeerWire.Message d;
        try {
            d = PeerCodec.decode(m, config.maxText());
        } catch (PeerException e) {
            failure = e.code();
            if (state == State.OPEN && badRecords + 1 >= config.maxBadRecords()) {
                failure = PeerCode.BAD_RECORD;
                g.add(Guard.RECORD_BAD_LAST);
            }
            fire(Input.RCV_MALFORMED, g, nowMs);
            return;
        }
        if (d instanceof PeerWire.Error e) {
            failure = PeerCode.ofValue(e.code()); // [PM-ERR-1]
            input = Input.RCV_ERROR;
        } else if (d instanceof PeerWire.Open o) {
            input = Input.RCV_OPEN;
            if (state == State.AWAIT_OPEN) {
                failure = checkOpen(o, nowMs);
                if (failure != null) {
                    g.add(Guard.OPEN_CHECK_FAILS);
                } else {
                    open = o;
                    peer = o.header().sender();
                }
            } else {
                failure = PeerCode.UNEXPECTED;
                if (state == State.OPEN && badRecords + 1 >= config.maxBadRecords()) {
                    failure = PeerCode.BAD_RECORD;
                    g.add(Guard.RECORD_BAD_LAST);
                }
            }
        } else {
            PeerWire.Sealed s = (PeerWire.Sealed) d;
            input = Input.RCV_MESSAGE;
            if (state == State.AWAIT_RECEIPT || state == State.OPEN) {
                failure = checkMessage(s);
                if (failure == null && state == State.AWAIT_RECEIPT && !isReceiptOfOpen(body)) {
                    failure = PeerCode.UNEXPECTED; // [PM-RCV-6]
                }
                if (failure != null) {
                    if (state == State.AWAIT_RECEIPT) {
                        g.add(Guard.NOT_THE_RECEIPT);
                    } else if (badRecords + 1 >= config.maxBadRecords() || failure == PeerCode.REKEY_REQUIRED) {
                        g.add(Guard.RECORD_BAD_LAST);
                    } else {
                        g.add(Guard.RECORD_BAD);
                    }
                } else {
                    header = s.header();
                }
            } else {
                failure = PeerCode.UNEXPECTED;
            }
        }
        fire(input, g, nowMs);
    }

    /** Steps 2-4 of section 8.3 [PM-OPEN-2] [PM-OPEN-3]. */
    private PeerCode checkOpen(PeerWire.Open o, long nowMs) {
        Header h = o.header();
        if (!h.recipient().equals(shared.username())) {
            return PeerCode.NOT_FOR_ME;
        }
        if (h.seq() != 0) {
            return PeerCode.MALFORMED;
        }
        if (h.timestampMs() < nowMs - config.freshnessWindowMs() || h.timestampMs() > nowMs + config.maxClockSkewMs()) {
            return PeerCode.STALE;
        }
        return null;
    }

    /** Steps 2-5 of section 8.4; on success {@link #body} holds the body and the seq is marked [PM-SEQ-2]. */
    private PeerCode checkMessage(PeerWire.Sealed s) {
        Header h = s.header();
        if (!h.sender().equals(peer) || !h.recipient().equals(shared.username())) {
            return PeerCode.WRONG_PEER; // [PM-RCV-3]
        }
        if (!window.check(h.seq())) {
            return PeerCode.REPLAYED; // [PM-SEQ-2]
        }
        byte[] plain = recvCipher.open(h.seq(), s.headerBytes(), s.sealed());
        if (plain == null) {
            return PeerCode.BAD_RECORD; // [PM-KS-1]
        }
        window.mark(h.seq());
        if (recvCipher.overLimit()) {
            return PeerCode.REKEY_REQUIRED; // [PM-REKEY-1]
        }
        try {
            body = PeerCodec.decodeBody(plain, config.maxText());
        } catch (PeerException e) {
            return e.code();
        }
        return null;
    }

    private boolean isReceiptOfOpen(Body b) {
        if (!(b instanceof PeerWire.Receipt r) || unacked.isEmpty()) {
            return false;
        }
        return Arrays.equals(unacked.values().iterator().next().messageId, r.ackedId());
    }

    /** Fires the timer input whose deadline passed, if any. */
    public void onTimer(long nowMs) {
        if (state == State.CONNECTING && nowMs >= connectDeadlineMs) {
            failure = PeerCode.CONNECT_FAILED;
            fire(Input.CONNECT_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        } else if ((state == State.AWAIT_OPEN || state == State.VERIFYING) && nowMs >= openDeadlineMs) {
            failure = PeerCode.TIMEOUT;
            fire(Input.OPEN_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        } else if ((state == State.AWAIT_RECEIPT || state == State.OPEN) && overdue(nowMs)) {
            failure = PeerCode.NO_RECEIPT;
            fire(Input.RECEIPT_TIMER, EnumSet.noneOf(Guard.class), nowMs);
        } else if (state == State.OPEN && queue.isEmpty() && unacked.isEmpty()
                && (nowMs >= lastActivityMs + config.idleTimeoutMs()
                        || nowMs >= openedAtMs + config.maxSessionAgeMs())) {
            fire(Input.IDLE_TIMER, EnumSet.noneOf(Guard.class), nowMs); // [PM-EXP-1]
        }
    }

    private boolean overdue(long nowMs) {
        for (Pending p : unacked.values()) {
            if (nowMs >= p.deadlineMs) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ the table

    private void fire(Input input, Set<Guard> guards, long nowMs) {
        StateTable.Row<State, Input, Guard, Output> row = PeerSessionTable.TABLE.lookup(state, input, guards);
        State before = state;
        for (Output o : row.outputs()) {
            perform(o, nowMs);
        }
        if (row.to() != null) {
            state = row.to();
        }
        if (state == State.CLOSED && before != State.CLOSED) {
            recvCipher = null;
            sendCipher = null;
            events.closed(this); // [PM-CONN-2]
        }
    }

    private void perform(Output o, long nowMs) {
        switch (o) {
            case QUEUE -> queue.add(current);
            case FAIL_SEND -> current.end(Outcome.FAILED, "PM_BUSY: " + config.maxPending() + " sends already wait");
            case CONNECT -> wire.connect();
            case ARM_CONNECT_TIMER -> connectDeadlineMs = nowMs + config.connectTimeoutMs();
            case SEND_OPEN -> sendOpen(nowMs);
            case ARM_RECEIPT_TIMER, ARM_OPEN_TIMER -> {
                if (o == Output.ARM_OPEN_TIMER) {
                    openDeadlineMs = nowMs + config.openTimeoutMs();
                }
            }
            case LOOKUP_SENDER -> wire.lookupSender(peer);
            case ALARM -> events.keyChanged(peer, shared.pins().fingerprint(peer).orElse(""), presentedFingerprint);
            case DELIVER -> deliver();
            case SEND_RECEIPT -> sendBody(new PeerWire.Receipt(header.messageId()), nowMs); // [PM-RCPT-1]
            case ARM_IDLE_TIMER -> {
                lastActivityMs = nowMs;
                openedAtMs = nowMs;
            }
            case COMPLETE -> complete(nowMs);
            case SEND_QUEUED -> {
                while (!queue.isEmpty()) {
                    sendText(queue.poll(), nowMs);
                }
            }
            case SEND_KEY_UPDATE -> {
                sendBody(new PeerWire.KeyUpdate(), nowMs);
                sendCipher.update(); // [PM-REKEY-1]
            }
            case SEND_MESSAGE -> sendText(current, nowMs);
            case PROCESS -> process(nowMs);
            case DROP -> {
                badRecords++;
                shared.stats().count(failure == null ? PeerCode.UNEXPECTED : failure); // [PM-RCV-5]
            }
            case SEND_ERROR -> {
                PeerCode c = failure == null ? PeerCode.UNEXPECTED : failure;
                shared.stats().count(c);
                wire.send(PeerCodec.encodeError(c.value() > 0 ? c : PeerCode.UNEXPECTED)); // [PM-RCV-2]
            }
            case FAIL_PENDING -> failPending();
            case CLOSE -> wire.close();
            case ABORT -> wire.abort();
            case REJECT, IGNORE -> {
            }
        }
    }

    private void sendOpen(long nowMs) {
        Pending p = queue.poll();
        byte[] messageId = new byte[16];
        shared.random().nextBytes(messageId); // [PM-MSG-2]
        byte[] secret = new byte[32];
        shared.random().nextBytes(secret); // [PM-KEX-1]
        Header h = new Header(PeerWire.PEER_OPEN, PeerWire.VERSION, PeerWire.SUITE, shared.username(), peer, messageId,
                nowMs, 0);
        byte[] hb = PeerCodec.encodeHeader(h);
        byte[] wrapped = Suite1.oaepWrap(Suite1.publicKey(peerSpki), secret, shared.random());
        shared.stats().publicKeyOp();
        PeerKeys keys = new PeerKeys(secret, PeerKeys.openHash(hb, wrapped, shared.identitySpki(), peerSpki));
        sendCipher = new PeerCipher(keys.secretI2r(), config.recordsPerSecret());
        recvCipher = new PeerCipher(keys.secretR2i(), config.recordsPerSecret()); // [PM-KS-2]
        window = new ReplayWindow(config.replayWindow());
        byte[] sealed = sendCipher.seal(hb, PeerCodec.encodeBody(new PeerWire.Text(p.text)));
        byte[] signed = PeerKeys.signedOpen(hb, wrapped, shared.identitySpki(), peerSpki, sealed);
        byte[] signature = Suite1.pssSign(shared.identityKey(), signed, shared.random()); // [PM-SIG-1]
        shared.stats().privateKeyOp();
        p.messageId = messageId;
        p.deadlineMs = nowMs + config.receiptTimeoutMs();
        unacked.put(HexFormat.of().formatHex(messageId), p);
        wire.send(PeerCodec.encodeOpen(h, wrapped, signature, sealed));
    }

    private void sendText(Pending p, long nowMs) {
        byte[] id = sendBody(new PeerWire.Text(p.text), nowMs);
        p.messageId = id;
        p.deadlineMs = nowMs + config.receiptTimeoutMs();
        unacked.put(HexFormat.of().formatHex(id), p);
    }

    /** Seals one body as a PeerMessage under the sending cipher; returns its message_id [PM-MSG-2]. */
    private byte[] sendBody(Body b, long nowMs) {
        if (!(b instanceof PeerWire.KeyUpdate) && sendCipher.needsUpdate()) {
            sendBody(new PeerWire.KeyUpdate(), nowMs); // receipts count too [PM-REKEY-1]
            sendCipher.update();
        }
        byte[] id = new byte[16];
        shared.random().nextBytes(id);
        Header h = new Header(PeerWire.PEER_MESSAGE, PeerWire.VERSION, PeerWire.SUITE, shared.username(), peer, id,
                nowMs, sendCipher.nextSeq());
        byte[] hb = PeerCodec.encodeHeader(h);
        wire.send(PeerCodec.encodeMessage(h, sendCipher.seal(hb, PeerCodec.encodeBody(b))));
        lastActivityMs = nowMs;
        return id;
    }

    private void deliver() {
        shared.stats().deliver();
        events.delivered(this, peer, ((PeerWire.Text) body).text(), header.timestampMs()); // [PM-INV-1]
    }

    private void complete(long nowMs) {
        Pending p = unacked.remove(HexFormat.of().formatHex(((PeerWire.Receipt) body).ackedId()));
        if (p != null) {
            p.end(Outcome.DELIVERED, "");
        } else {
            shared.stats().count(PeerCode.UNEXPECTED); // a receipt naming nothing that waits: counted, ignored
        }
        lastActivityMs = nowMs;
    }

    private void process(long nowMs) {
        lastActivityMs = nowMs;
        if (body instanceof PeerWire.Text) {
            deliver();
            sendBody(new PeerWire.Receipt(header.messageId()), nowMs); // [PM-RCPT-1]
        } else if (body instanceof PeerWire.Receipt) {
            complete(nowMs);
        } else {
            recvCipher.update(); // [PM-REKEY-1]
            window.floor(header.seq());
        }
    }

    private void failPending() {
        String detail = (failure == null ? PeerCode.CLOSED : failure).code();
        List<Pending> all = new ArrayList<>(queue);
        all.addAll(unacked.values());
        queue.clear();
        unacked.clear();
        for (Pending p : all) {
            p.end(Outcome.FAILED, detail); // [PM-CONN-2]
        }
    }

    @Override
    public String toString() {
        return "peer_session{" + (initiator ? "initiator" : "responder") + " peer=" + peer + " state=" + state + "}";
    }
}
