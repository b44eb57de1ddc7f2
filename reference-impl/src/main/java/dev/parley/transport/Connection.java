package dev.parley.transport;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One transport connection: its state, driven only through {@link TransitionTable}, and the send side
 * (send buffer, RTO, the scoreboard of segments in flight with RFC 6675 / RFC 8985 RACK-TLP loss detection, NewReno congestion control) and receive side (bounded
 * reassembly, delayed ACKs) that the table's actions run (spec/transport.md). The user's handle: call
 * {@link #send}, {@link #close} and {@link #abort} on the endpoint's loop thread only.
 */
public final class Connection {

    private static final byte[] EMPTY = new byte[0];
    private static final long NEVER = Long.MAX_VALUE;
    /** RFC 6675 DupThresh, in full-sized segments' worth of SACKed bytes [TR-LOSS-1]. */
    private static final long DUP_THRESH = 3;
    /** Floor of RACK.reo_wnd, the loop's timer granularity [TR-LOSS-2]. */
    private static final long RACK_MIN_REORDER_NANOS = 1_000_000;
    /** Floor of the probe timeout [TR-LOSS-3]. */
    private static final long MIN_PTO_NANOS = 2_000_000;
    /** Probes without an answer before only the RTO is left [TR-LOSS-3]. */
    private static final int MAX_PROBES = 3;
    /** In-order segments acknowledged by one ACK at most [TR-ACK-2]. */
    private static final int ACK_EVERY = 8;
    /** Quoted segment octets an unreachable report needs: ports and seq_num, the ISS [TR-FAIL-2]. */
    private static final int MIN_QUOTED_SEGMENT = 8;

    private final TransportEndpoint endpoint;
    private final TransportConfig cfg;
    private final ConnectionKey key;
    private final Acceptor acceptor;
    private State state = State.CLOSED;
    private ConnectionListener listener;
    private boolean released;
    private boolean notifiedClose;
    private boolean established;
    private final ArrayDeque<Input> events = new ArrayDeque<>(4);
    /** This connection's place in the endpoint's timer queue [TR-LOOP-1]. */
    private final TimerQueue.Entry<Connection> timerEntry = new TimerQueue.Entry<>(this);
    private int depth;
    private long now;
    private Segment current;

    // Send side.
    private boolean issChosen;
    private int iss;
    private int sndUna;
    private int sndNxt;
    private int sndWl1;
    private int sndWl2;
    private long sndWnd;
    private int streamEnd;
    private boolean finQueued;
    private boolean finSent;
    private int finSeq;
    private ByteRing sendRing;
    private final SentSegments flight;
    private final RttEstimator rtt;
    /** Largest segment we send: ours and the peer's announced maximum, the default until it is known [TR-MSS-2]. */
    private int sendSegmentBytes;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE;
    private long caBytes;
    private int dupAcks;
    private boolean inRecovery;
    private boolean rtoRecovery;
    private int recoveryPoint;
    private int retries;
    private long rtoAt = NEVER;
    private long rackTimerAt = NEVER;
    private long tlpAt = NEVER;
    private int probesSent;
    private boolean tlpRetransmitted;
    private int tlpEnd;
    /** {@code ts_val} of the last probe's retransmission: an echo before it proves the probe spurious [TR-LOSS-5]. */
    private int tlpTsVal;
    private boolean rackDue;
    private boolean tlpDue;
    private boolean writeBlocked;
    private long bytesFromPeer;
    private long bytesToPeer;

    // Receive side.
    private int irs;
    private int rcvNxt;
    private ByteRing recvRing;
    private final RangeSet ooo;
    private int lastOooStart;
    private boolean peerFinKnown;
    private boolean peerFinReached;
    private int peerFinSeq;
    private int tsRecent;
    private int lastAckSent;
    private int ackPending;
    private long delayedAckAt = NEVER;
    private long lastHeardNanos;
    private long lastProbeNanos;
    private long timeWaitAt = NEVER;

    // Defences (spec/transport.md, "Security considerations").
    /** Any segment of this connection arrived: an unreachable report no longer applies [TR-FAIL-2]. */
    private boolean heardFromPeer;
    /** ts_val of every SYN this open attempt sent, to match a quoted SYN exactly [TR-FAIL-2]. */
    private int[] synTsVals;
    private int synSends;
    /** Challenge ACKs and answers to unacceptable segments, per connection [TR-SEC-RATE-2]. */
    private final TokenBucket challengeAcks;
    /** Opened statelessly from a SYN cookie: never counted as half-open [TR-SEC-SYN-3]. */
    private boolean fromCookie;
    /** The compact record that answers for this connection in TIME_WAIT [TR-CLOSE-5]. */
    private TimeWaitTable.Record timeWaitRecord;

    // The pending user send.
    private byte[] userData;
    private int userOff;
    private int userLen;
    private int userAccepted;

    Connection(TransportEndpoint endpoint, ConnectionKey key, ConnectionListener listener, Acceptor acceptor, long nowNanos) {
        this.endpoint = endpoint;
        this.cfg = endpoint.config();
        this.key = key;
        this.listener = listener;
        this.acceptor = acceptor;
        this.flight = new SentSegments(cfg.maxSegmentsInFlight());
        this.ooo = new RangeSet(cfg.maxReassemblyRanges());
        this.rtt = new RttEstimator(cfg.initialRtoNanos(), cfg.minRtoNanos(), cfg.maxRtoNanos());
        this.sendSegmentBytes = Math.min(cfg.maxSegmentBytes(), TransportConfig.DEFAULT_SEGMENT_BYTES);
        this.cwnd = initialWindow();
        this.now = nowNanos;
        this.lastHeardNanos = nowNanos;
        int perSecond = endpoint.limits().challengeAcksPerSecond();
        this.challengeAcks = new TokenBucket(perSecond, perSecond, nowNanos);
    }

    /** Initial window per RFC 9002 section 7.2: min(10 × MSS, max(14720, 2 × MSS)) [TR-CC-1]. */
    private long initialWindow() {
        int mss = maxData(0);
        return Math.min(10L * mss, Math.max(14_720L, 2L * mss));
    }

    /** Largest data a segment we send with {@code sackBlocks} SACK blocks can carry [TR-SEG-7] [TR-MSS-2]. */
    private int maxData(int sackBlocks) {
        return Math.min(0xFFFF, sendSegmentBytes - Segment.HEADER_LENGTH - Segment.SACK_BLOCK_LENGTH * sackBlocks);
    }

    /** The data of our SYN or SYN|ACK: the open option when our maximum is not the default [TR-MSS-1]. */
    private byte[] openOption() {
        return cfg.maxSegmentBytes() == TransportConfig.DEFAULT_SEGMENT_BYTES
                ? EMPTY : SegmentCodec.openOptionBytes(cfg.maxSegmentBytes());
    }

    // ---- user API -------------------------------------------------------------------------------------------

    /**
     * Queues bytes for sending [TR-DATA-1]; copies as many as the send buffer holds.
     *
     * @return how many bytes were accepted; when fewer than {@code len}, {@link ConnectionListener#onWritable}
     *     follows once space frees
     * @throws TransportStateException {@code TR_INVALID_STATE} after close() or once the connection ended [TR-SM-3]
     */
    public int send(byte[] data, int off, int len) {
        userData = data;
        userOff = off;
        userLen = len;
        userAccepted = 0;
        handle(Input.SEND, null, endpoint.clockNanos());
        userData = null;
        return userAccepted;
    }

    public int send(byte[] data) {
        return send(data, 0, data.length);
    }

    /** Orderly close: queued bytes are sent, then FIN [TR-CLOSE-1]. Idempotent. */
    public void close() {
        handle(Input.CLOSE, null, endpoint.clockNanos());
    }

    /** Discards everything and resets the peer; onClose(TR_ABORTED) follows [TR-RST-5]. Idempotent. */
    public void abort() {
        handle(Input.ABORT, null, endpoint.clockNanos());
    }

    public State state() {
        return state;
    }

    public InetSocketAddress remote() {
        return key.remote();
    }

    public int localPort() {
        return key.localPort();
    }

    public int remotePort() {
        return key.remotePort();
    }

    /** Free space in the send buffer, bytes. */
    public int sendBufferAvailable() {
        return sendRing == null ? 0 : Math.max(0, cfg.sendBufferBytes() - (streamEnd - SeqNum.max(sndUna, iss + 1)));
    }

    /** Bytes the connection's send and receive buffers hold allocated now (the node's memory budget counts them). */
    public int bufferCapacityBytes() {
        return (sendRing == null ? 0 : sendRing.capacity()) + (recvRing == null ? 0 : recvRing.capacity());
    }

    ConnectionKey key() {
        return key;
    }

    TimerQueue.Entry<Connection> timerEntry() {
        return timerEntry;
    }

    /** The congestion window, bytes (for tests of [TR-CC-1] and [TR-LOSS-5]). */
    long cwnd() {
        return cwnd;
    }

    /** True for a connection opened by a peer's SYN on a listening port. */
    boolean passive() {
        return acceptor != null;
    }

    boolean wasEstablished() {
        return established;
    }

    /** Counts the bytes of the SYN that created a passive connection, for anti-amplification [TR-SEC-AMP-1]. */
    void onSegmentCounted(Segment syn) {
        bytesFromPeer += syn.encodedLength();
    }

    // ---- inputs from the endpoint ---------------------------------------------------------------------------

    /** A segment for this connection: classify it [TR-RCV-1] and feed the result to the machine. */
    void onSegment(Segment seg, long nowNanos) {
        bytesFromPeer += seg.encodedLength();
        heardFromPeer = true;
        Input input = classify(seg);
        if (input == null) {
            endpoint.stats().drop(DropReason.TR_OUT_OF_WINDOW);
            return;
        }
        // Liveness: any segment that passes classification and is not a possible blind guess [TR-KEEP-2].
        if (input == Input.RCV_ACK || input == Input.RCV_SYN_ACK || input == Input.RCV_UNACCEPTABLE) {
            lastHeardNanos = nowNanos;
        }
        handle(input, seg, nowNanos);
    }

    /**
     * An unreachable report whose quote names this connection. Honoured only for an open attempt that has heard
     * nothing from its peer and whose quote is exactly the leading octets of one of the SYNs it sent [TR-FAIL-2]
     * [DG-CTL-14]; anything else is ignored and changes nothing [TR-SEC-INJ-4].
     *
     * @return true when the report ended the attempt
     */
    boolean onUnreachable(byte[] quotedSegment, long nowNanos) {
        if (state != State.SYN_SENT || heardFromPeer || synTsVals == null
                || quotedSegment.length < MIN_QUOTED_SEGMENT || quotedSegment.length > Segment.HEADER_LENGTH) {
            return false;
        }
        for (int i = 0; i < synSends; i++) {
            byte[] sent = SegmentCodec.encode(synSegment(synTsVals[i]));
            if (java.util.Arrays.equals(sent, 0, quotedSegment.length, quotedSegment, 0, quotedSegment.length)) {
                handle(Input.UNREACHABLE, null, nowNanos);
                return true;
            }
        }
        return false;
    }

    long nextDeadlineNanos() {
        long d = Math.min(rtoAt, delayedAckAt);
        d = Math.min(d, Math.min(rackTimerAt, tlpAt));
        d = Math.min(d, timeWaitAt);
        if (idle()) {
            d = Math.min(d, lastHeardNanos + cfg.idleTimeoutNanos());
            d = Math.min(d, keepaliveDue());
        }
        return d;
    }

    void onTimeout(long nowNanos) {
        if (timeWaitAt - nowNanos <= 0 && state == State.TIME_WAIT) {
            handle(Input.TIME_WAIT_EXPIRED, null, nowNanos);
            return;
        }
        if (idle() && lastHeardNanos + cfg.idleTimeoutNanos() - nowNanos <= 0) {
            handle(Input.IDLE_TIMEOUT, null, nowNanos);
            return;
        }
        if (rtoAt != NEVER && rtoAt - nowNanos <= 0) {
            rtoAt = NEVER;
            retries++;
            int limit = state == State.SYN_SENT || state == State.SYN_RECEIVED
                    ? cfg.maxSynRetransmissions() : cfg.maxRetransmissions();
            handle(retries > limit ? Input.RTO_EXHAUSTED : Input.RTO, null, nowNanos);
            if (released) {
                return;
            }
        }
        rackDue = rackTimerAt != NEVER && rackTimerAt - nowNanos <= 0;
        tlpDue = tlpAt != NEVER && tlpAt - nowNanos <= 0;
        if (rackDue || tlpDue) {
            // Both are disarmed first: in a state without a LOSS_TIMER row the input is ignored [TR-SM-4].
            rackTimerAt = rackDue ? NEVER : rackTimerAt;
            tlpAt = tlpDue ? NEVER : tlpAt;
            handle(Input.LOSS_TIMER, null, nowNanos);
            if (released) {
                return;
            }
        }
        if (delayedAckAt != NEVER && delayedAckAt - nowNanos <= 0) {
            delayedAckAt = NEVER;
            handle(Input.DELAYED_ACK, null, nowNanos);
            if (released) {
                return;
            }
        }
        if (idle() && keepaliveDue() - nowNanos <= 0) {
            handle(Input.KEEPALIVE, null, nowNanos);
        }
    }

    private long keepaliveDue() {
        return Math.max(lastHeardNanos, lastProbeNanos) + cfg.keepaliveNanos();
    }

    /**
     * Keepalive and idle timeout apply to a synchronised connection with nothing outstanding; while data or a
     * FIN is outstanding the retransmission limit bounds the connection instead [TR-KEEP-1] [TR-RTX-6].
     */
    private boolean idle() {
        return dataState() && sndUna == sndNxt && !sendWaiting();
    }

    /**
     * Data or a FIN waits to be sent. With nothing in flight this happens only behind a closed window, where the
     * persist timer governs instead of keepalive and idle timeout [TR-FLOW-3] [TR-KEEP-1].
     */
    private boolean sendWaiting() {
        return sendRing != null && (SeqNum.lt(sndNxt, streamEnd) || (finQueued && !finSent));
    }

    private boolean dataState() {
        return switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, CLOSE_WAIT, LAST_ACK -> true;
            default -> false;
        };
    }

    // ---- the machine ----------------------------------------------------------------------------------------

    void handle(Input input, Segment seg, long nowNanos) {
        apply(TransitionTable.lookup(state, input, this::guardHolds), seg, nowNanos);
    }

    private boolean guardHolds(Guard g) {
        return g == Guard.DATA_ACKED && finSent && sndUna == finSeq;
    }

    /** Runs one transition, then the events it raised, then sends what the windows allow. */
    void apply(Transition t, Segment seg, long nowNanos) {
        now = nowNanos;
        Segment outer = current;
        current = seg;
        depth++;
        try {
            state = t.to();
            for (Action a : t.actions()) {
                if (released && a != Action.RELEASE) {
                    break;
                }
                run(a, t);
            }
            if (depth == 1) {
                while (!events.isEmpty() && !released) {
                    Input e = events.poll();
                    current = null;
                    Transition et = TransitionTable.lookup(state, e, this::guardHolds);
                    state = et.to();
                    for (Action a : et.actions()) {
                        if (released && a != Action.RELEASE) {
                            break;
                        }
                        run(a, et);
                    }
                }
                if (!released) {
                    transmitPending(false);
                }
            }
        } finally {
            depth--;
            current = outer;
            if (depth == 0) {
                // User calls and callbacks reach the machine here too: the timer queue follows every change.
                endpoint.reschedule(this);
            }
        }
    }

    private void run(Action a, Transition t) {
        switch (a) {
            case SEND_SYN -> sendSyn();
            case SEND_SYN_ACK -> sendSynAck();
            case SEND_ACK -> sendAck();
            case CHALLENGE_ACK -> {
                // Per connection, not per endpoint: a shared counter would let an off-path attacker learn
                // whether its guesses hit another connection (CVE-2016-5696) [TR-SEC-RATE-2].
                if (challengeAcks.tryTake(now)) {
                    sendAck();
                } else {
                    endpoint.stats().drop(DropReason.TR_RATE_LIMITED);
                }
            }
            case SEND_RST -> sendRst();
            case REPLY_RST -> endpoint.replyRst(key.remote(), current, now);
            case SEND_KEEPALIVE -> sendKeepalive();
            case RECORD_PEER_ISN -> recordPeerIsn(current);
            case PROCESS_ACK -> processAck(current);
            case PROCESS_DATA -> processData(current);
            case QUEUE_DATA -> queueData();
            case QUEUE_FIN -> {
                finQueued = true;
                finSeq = streamEnd;
            }
            case RETRANSMIT -> retransmitOnTimeout();
            case DETECT_LOSS -> onLossTimer();
            case NOTIFY_OPEN -> notifyOpen();
            case NOTIFY_PEER_CLOSED -> {
                if (listener != null) {
                    listener.onPeerClosed(this);
                }
            }
            case NOTIFY_CLOSED -> notifyClose(CloseReason.TR_CLOSED);
            case NOTIFY_RESET -> notifyClose(CloseReason.TR_RESET);
            case NOTIFY_TIMEOUT -> {
                endpoint.stats().timeouts++;
                notifyClose(CloseReason.TR_TIMEOUT);
            }
            case NOTIFY_UNREACHABLE -> notifyClose(CloseReason.TR_UNREACHABLE);
            case NOTIFY_ABORTED -> notifyClose(CloseReason.TR_ABORTED);
            case START_TIME_WAIT -> {
                rtoAt = NEVER;
                delayedAckAt = NEVER;
                rackTimerAt = NEVER;
                tlpAt = NEVER;
                sendRing = null;
                recvRing = null;
                flight.clear();
                ooo.clear();
                // The connection leaves the table and its slot: a compact record answers for it [TR-CLOSE-5].
                timeWaitRecord = endpoint.enterTimeWait(this, sndNxt, rcvNxt, tsRecent, now);
            }
            case REBUILD_FROM_COOKIE -> rebuildFromCookie(current);
            case SEND_COOKIE_SYN_ACK, REPROCESS_AS_NEW -> throw new IllegalStateException(a + " belongs to the endpoint");
            case RELEASE -> release();
            case DROP, REPORT_NO_LISTENER, REFUSE_SYN -> endpoint.stats().drop(DropReason.TR_UNEXPECTED);
            case REJECT -> throw new TransportStateException("TR_INVALID_STATE", t.input() + " in " + t.from()
                    + " [" + t.requirement() + "]");
            case IGNORE -> {
            }
        }
    }

    /** Segment classification (spec/transport.md, "Segment classification") [TR-RCV-1]; null drops it. */
    private Input classify(Segment seg) {
        if (state == State.SYN_SENT) {
            if (seg.rst()) {
                return seg.ack() && seg.ackNum() == sndNxt ? Input.RCV_RST : null;
            }
            if (seg.syn()) {
                return !seg.ack() ? Input.RCV_SYN : seg.ackNum() == sndNxt ? Input.RCV_SYN_ACK : Input.RCV_BAD_ACK;
            }
            return Input.RCV_BAD_ACK;
        }
        int wnd = receiveWindow();
        if (seg.rst()) {
            if (seg.seqNum() == rcvNxt) {
                return Input.RCV_RST;
            }
            return SeqNum.inRange(seg.seqNum(), rcvNxt, rcvNxt + wnd) ? Input.RCV_RST_NEAR : null;
        }
        if (seg.syn()) {
            if (!seg.ack()) {
                return Input.RCV_SYN;
            }
            if (state == State.SYN_RECEIVED) {
                return seg.ackNum() == sndNxt ? Input.RCV_SYN_ACK : Input.RCV_BAD_ACK;
            }
            return Input.RCV_SYN_ACK;
        }
        if (state == State.SYN_RECEIVED && seg.ackNum() != sndNxt) {
            return Input.RCV_BAD_ACK;
        }
        if (!acceptable(seg, wnd)) {
            return Input.RCV_UNACCEPTABLE;
        }
        if (SeqNum.gt(seg.ackNum(), sndNxt) || SeqNum.lt(seg.ackNum(), sndUna - cfg.sendBufferBytes() - 2)) {
            return Input.RCV_BAD_ACK;
        }
        return Input.RCV_ACK;
    }

    /** RFC 9293 section 3.10.7.4 acceptability test [TR-RCV-2]. */
    private boolean acceptable(Segment seg, int wnd) {
        int len = seg.seqLength();
        int seq = seg.seqNum();
        if (len == 0) {
            return wnd == 0 ? seq == rcvNxt : SeqNum.inRange(seq, rcvNxt, rcvNxt + wnd);
        }
        if (wnd == 0) {
            return false;
        }
        return SeqNum.inRange(seq, rcvNxt, rcvNxt + wnd) || SeqNum.inRange(seq + len - 1, rcvNxt, rcvNxt + wnd);
    }

    private int receiveWindow() {
        return cfg.receiveBufferBytes();
    }

    // ---- actions: open --------------------------------------------------------------------------------------

    private void chooseIss() {
        if (!issChosen) {
            issChosen = true;
            iss = endpoint.initialSequenceNumber(key, now);
            sndUna = iss;
            sndNxt = iss + 1;
            streamEnd = iss + 1;
            recoveryPoint = sndNxt;
            sendRing = new ByteRing(cfg.sendBufferBytes(), iss + 1);
        }
    }

    private void sendSyn() {
        chooseIss();
        emitSyn();
        armRto();
    }

    /** Sends the SYN and remembers its ts_val, so a quote of it can be matched exactly [TR-FAIL-2]. */
    private void emitSyn() {
        if (synTsVals == null) {
            synTsVals = new int[cfg.maxSynRetransmissions() + 1];
        }
        int ts = tsNow();
        if (synSends < synTsVals.length) {
            synTsVals[synSends++] = ts;
        }
        emit(synSegment(ts));
    }

    private Segment synSegment(int tsVal) {
        return new Segment(key.localPort(), key.remotePort(), iss, 0, Segment.SYN, receiveWindow(), tsVal, 0,
                List.of(), openOption());
    }

    /**
     * The final ACK of a stateless open carried a valid cookie: ISS = ack_num - 1, IRS = seq_num - 1, the window and
     * ts_val from the ACK; the SYN|ACK counts as sent, so PROCESS_ACK takes its RTT sample [TR-SEC-SYN-3].
     */
    private void rebuildFromCookie(Segment ack) {
        fromCookie = true;
        issChosen = true;
        iss = ack.ackNum() - 1;
        sndUna = iss;
        sndNxt = iss + 1;
        streamEnd = iss + 1;
        recoveryPoint = sndNxt;
        sendRing = new ByteRing(cfg.sendBufferBytes(), iss + 1);
        irs = ack.seqNum() - 1;
        rcvNxt = irs + 1;
        lastAckSent = rcvNxt;
        recvRing = new ByteRing(cfg.receiveBufferBytes(), irs + 1);
        sndWnd = ack.window();
        sndWl1 = irs;
        sndWl2 = iss;
        tsRecent = ack.tsVal();
    }

    boolean fromCookie() {
        return fromCookie;
    }

    private void sendSynAck() {
        chooseIss();
        Segment synAck = new Segment(key.localPort(), key.remotePort(), iss, rcvNxt, Segment.SYN | Segment.ACK,
                receiveWindow(), tsNow(), tsRecent, List.of(), openOption());
        // Anti-amplification: to a peer that has not proven its address, at most 3 bytes per byte received [TR-SEC-AMP-1].
        if (acceptor == null || bytesToPeer + synAck.encodedLength() <= 3 * bytesFromPeer) {
            bytesToPeer += synAck.encodedLength();
            emit(synAck);
        }
        armRto();
    }

    private void recordPeerIsn(Segment seg) {
        irs = seg.seqNum();
        rcvNxt = irs + 1;
        lastAckSent = rcvNxt;
        recvRing = new ByteRing(cfg.receiveBufferBytes(), irs + 1);
        sndWnd = seg.window();
        sndWl1 = seg.seqNum();
        sndWl2 = seg.ackNum();
        tsRecent = seg.tsVal();
        // The peer's largest segment: its open option, or the default [TR-MSS-1] [TR-MSS-2].
        int peerMax = seg.data().length == SegmentCodec.OPEN_OPTION_LENGTH
                ? SegmentCodec.openOption(seg.data()) : TransportConfig.DEFAULT_SEGMENT_BYTES;
        int agreed = Math.min(cfg.maxSegmentBytes(), peerMax);
        if (agreed != sendSegmentBytes) {
            sendSegmentBytes = agreed;
            if (sndNxt == iss + 1 && SeqNum.leq(sndUna, iss + 1)) {
                cwnd = initialWindow();
            }
        }
    }

    private void notifyOpen() {
        endpoint.stats().connectionsOpened++;
        endpoint.onEstablished(this);
        established = true;
        if (listener == null && acceptor != null) {
            listener = acceptor.onAccept(this);
            if (listener == null) {
                sendRst();
                state = State.CLOSED;
                release();
                return;
            }
        }
        if (listener != null) {
            listener.onOpen(this);
        }
    }

    private void notifyClose(CloseReason reason) {
        if (listener != null && !notifiedClose) {
            notifiedClose = true;
            listener.onClose(this, reason);
        }
    }

    private void release() {
        if (!released) {
            released = true;
            rtoAt = NEVER;
            delayedAckAt = NEVER;
            timeWaitAt = NEVER;
            rackTimerAt = NEVER;
            tlpAt = NEVER;
            sendRing = null;
            recvRing = null;
            endpoint.remove(this);
            if (timeWaitRecord != null) {
                endpoint.forgetTimeWait(timeWaitRecord);
                timeWaitRecord = null;
            }
        }
    }

    // ---- actions: send side ---------------------------------------------------------------------------------

    private void queueData() {
        int free = sendBufferAvailable();
        int n = Math.min(free, userLen);
        if (n > 0) {
            sendRing.ensure(SeqNum.max(sndUna, iss + 1), streamEnd + n);
            sendRing.write(streamEnd, userData, userOff, n);
            streamEnd += n;
        }
        userAccepted = n;
        if (n < userLen) {
            writeBlocked = true;
        }
    }

    /**
     * Procedure {@code ProcessAck} [TR-ACK-1] [TR-SACK-3] [TR-CC-1]: window update, RTT sample, cumulative and
     * selective acknowledgement of the segments in flight, loss detection [TR-LOSS-1] [TR-LOSS-2], congestion
     * window and recovery [TR-FR-1] [TR-FR-2].
     */
    private void processAck(Segment seg) {
        int ack = seg.ackNum();
        if (SeqNum.leq(seg.seqNum(), lastAckSent)) {
            tsRecent = seg.tsVal();
        }
        if (SeqNum.lt(sndWl1, seg.seqNum()) || (sndWl1 == seg.seqNum() && SeqNum.leq(sndWl2, ack))) {
            sndWnd = seg.window();
            sndWl1 = seg.seqNum();
            sndWl2 = ack;
        }
        int mss = maxData(0);
        long minRtt = Math.max(0, rtt.minNanos());
        boolean advanced = SeqNum.gt(ack, sndUna);
        long delivered = 0;
        if (advanced) {
            int acked = ack - sndUna;
            if (seg.tsEcr() != 0) {
                int rttMicros = tsNow() - seg.tsEcr();
                if (rttMicros >= 0) {
                    rtt.onSample(rttMicros * 1000L);
                }
            }
            rtt.resetBackoff();
            retries = 0;
            sndUna = ack;
            long sackedBefore = flight.sackedBytes();
            flight.onCumulativeAck(ack, now, minRtt);
            delivered = acked - (sackedBefore - flight.sackedBytes());
            dupAcks = 0;
            if (!inRecovery) {
                recoveryPoint = SeqNum.max(recoveryPoint, sndUna);
            }
        }
        for (Segment.SackBlock b : seg.sackBlocks()) {
            if (SeqNum.gt(b.leftEdge(), sndUna) && SeqNum.leq(b.rightEdge(), sndNxt)) {
                delivered += flight.onSackBlock(b.leftEdge(), b.rightEdge(), now, minRtt);
            }
        }
        // A zero-window answer to a probe is no duplicate ACK (RFC 5681: the window must not change) [TR-FLOW-3].
        if (!advanced && ack == sndUna && sndNxt != sndUna && seg.data().length == 0 && !seg.fin() && sndWnd > 0) {
            dupAcks++;
        }
        if (advanced || delivered > 0) {
            probesSent = 0;
            detectLoss();
        }
        // Without SACK information (a receiver whose reassembly is full): three duplicate ACKs (RFC 5681) and,
        // in recovery, a partial acknowledgement (RFC 6582) mark the oldest segment lost [TR-FR-1] [TR-FR-2].
        if (flight.sackedBytes() == 0 && ((dupAcks >= 3 && !inRecovery) || (advanced && inRecovery
                && SeqNum.lt(ack, recoveryPoint))) && flight.markLostIfSentOnce(0)) {
            onLossDetected(flight.seq(0));
        }
        if (advanced) {
            if (tlpRetransmitted && SeqNum.geq(ack, tlpEnd)) {
                // The tail loss probe repaired the tail: without proof that the original arrived, that was a
                // loss, and it gets its one reduction (RFC 8985 section 7.4.2). An echo of a transmission sent
                // before the probe is that proof: the probe was spurious and the window stays (RFC 3522) [TR-LOSS-5].
                tlpRetransmitted = false;
                boolean spurious = seg.tsEcr() != 0 && SeqNum.lt(seg.tsEcr(), tlpTsVal);
                if (spurious) {
                    endpoint.stats().spuriousProbes++;
                } else if (!inRecovery) {
                    reduceWindow();
                    recoveryPoint = sndNxt;
                }
            }
            boolean grow = !inRecovery || rtoRecovery;
            if (inRecovery && SeqNum.geq(ack, recoveryPoint)) {
                if (!rtoRecovery) {
                    cwnd = ssthresh;
                    grow = false;
                }
                inRecovery = false;
                rtoRecovery = false;
            }
            if (grow && delivered > 0) {
                if (cwnd < ssthresh) {
                    // Slow start: the bytes newly acknowledged, each byte counted once (RFC 9002 section 7.3.1).
                    cwnd += delivered;
                } else {
                    caBytes += delivered;
                    if (caBytes >= cwnd) {
                        caBytes -= cwnd;
                        cwnd += mss;
                    }
                }
            }
            if (finSent && SeqNum.geq(ack, finSeq + 1)) {
                events.add(Input.FIN_ACKED);
            }
            rtoAt = sndUna == sndNxt ? NEVER : now + rtt.currentRtoNanos();
            if (writeBlocked && sendBufferAvailable() > 0 && listener != null) {
                writeBlocked = false;
                listener.onWritable(this);
            }
        }
    }

    /** Runs {@code DetectLoss} [TR-LOSS-1] [TR-LOSS-2] and arms the RACK timer for what may still become lost. */
    private void detectLoss() {
        long deadline = flight.detectLoss(now, DUP_THRESH * maxData(0), rackWindowNanos());
        rackTimerAt = deadline == Long.MAX_VALUE ? NEVER : deadline;
        if (flight.newlyLost()) {
            onLossDetected(flight.lowestNewlyLost());
        }
    }

    /** RACK.rtt + RACK.reo_wnd: the latest RTT sample plus a quarter of the smallest (RFC 8985) [TR-LOSS-2]. */
    private long rackWindowNanos() {
        long latest = rtt.latestNanos();
        if (latest < 0) {
            return rtt.currentRtoNanos();
        }
        return latest + Math.max(rtt.minNanos() / 4, RACK_MIN_REORDER_NANOS);
    }

    /**
     * A segment is newly presumed lost. The first loss of a segment sent after the last recovery began starts
     * recovery with one multiplicative decrease; losses inside an episode do not decrease again
     * [TR-FR-1] [TR-CC-1].
     */
    private void onLossDetected(int lostSeq) {
        if (!inRecovery && SeqNum.geq(lostSeq, recoveryPoint)) {
            endpoint.stats().fastRetransmits++;
            reduceWindow();
            inRecovery = true;
            rtoRecovery = false;
            recoveryPoint = sndNxt;
            transmitPending(true);
        }
    }

    private void reduceWindow() {
        int mss = maxData(0);
        ssthresh = Math.max((sndNxt - sndUna) / 2, 2L * mss);
        cwnd = ssthresh;
        caBytes = 0;
    }

    /** RTO expiry (RFC 6298 section 5, RFC 5681 section 3.1) [TR-RTX-4] [TR-RTX-5]. */
    private void retransmitOnTimeout() {
        rtt.backOff();
        endpoint.stats().retransmissions++;
        endpoint.stats().retransmissionTimeouts++;
        if (state == State.SYN_SENT) {
            emitSyn();
            armRto();
            return;
        }
        if (state == State.SYN_RECEIVED) {
            sendSynAck();
            return;
        }
        int mss = maxData(0);
        if (sndUna == sndNxt) {
            // The persist timer: a zero-window probe, one octet beyond the window (or the FIN alone) [TR-FLOW-3].
            endpoint.stats().zeroWindowProbes++;
            sendNew(1);
            armRto();
            return;
        }
        if (sndWnd == 0 && flight.size() == 1 && sndNxt - sndUna == 1) {
            // Only the probe is outstanding and the window is still closed: the receiver had no room for it, which
            // says nothing about congestion. Probe again, backed off; cwnd and ssthresh stay [TR-FLOW-3].
            endpoint.stats().zeroWindowProbes++;
            transmit(sndUna, 1);
            flight.onRetransmitted(0, now);
            armRto();
            return;
        }
        ssthresh = Math.max((sndNxt - sndUna) / 2, 2L * mss);
        cwnd = mss;
        caBytes = 0;
        inRecovery = true;
        rtoRecovery = true;
        recoveryPoint = sndNxt;
        dupAcks = 0;
        tlpAt = NEVER;
        rackTimerAt = NEVER;
        tlpRetransmitted = false;
        flight.markAllLost();
        transmitPending(true);
        armRto();
    }

    /** The loss timer: the RACK reordering timer [TR-LOSS-2], or else the tail loss probe [TR-LOSS-3]. */
    private void onLossTimer() {
        if (rackDue) {
            rackDue = false;
            tlpDue = false;
            detectLoss();
            return;
        }
        if (!tlpDue) {
            return;
        }
        tlpDue = false;
        if (flight.size() == 0 || sendRing == null) {
            return;
        }
        probesSent++;
        endpoint.stats().tailLossProbes++;
        int unsent = SeqNum.lt(sndNxt, streamEnd) ? streamEnd - sndNxt : 0;
        long wndRoom = (long) (sndUna - sndNxt) + sndWnd;
        if (!flight.full() && ((unsent > 0 && wndRoom > 0) || (unsent == 0 && finQueued && !finSent))) {
            sendNew((int) Math.min(maxData(Math.min(ooo.size(), Segment.MAX_SACK_BLOCKS)), Math.max(1, wndRoom)));
        } else {
            int i = flight.size() - 1;
            while (i > 0 && (flight.flags(i) & SentSegments.SACKED) != 0) {
                i--;
            }
            transmit(flight.seq(i), flight.end(i) - flight.seq(i));
            flight.onRetransmitted(i, now);
            endpoint.stats().retransmissions++;
            tlpRetransmitted = true;
            tlpEnd = flight.end(i);
            tlpTsVal = tsNow();
        }
        // The RTO keeps its deadline behind the probes: a probe is no progress, and a vanished peer must be found
        // within the retransmission bound [TR-LOSS-3] [TR-FAIL-1].
        if (rtoAt == NEVER) {
            armRto();
        }
    }

    /**
     * Arms the tail loss probe (RFC 8985 section 7.2) [TR-LOSS-3]: while data is in flight, no RACK timer is
     * pending and fewer than {@link #MAX_PROBES} probes are unanswered (in recovery too: a lost retransmission
     * with nothing sent after it is found only through a probe's acknowledgement), PTO = max(2 × SRTT, 2 ms),
     * plus {@code delayed_ack} when a single segment is in flight, doubled per unanswered probe (RFC 9002
     * section 6.2); never later than the RTO.
     */
    private void armTailLossProbe() {
        long srtt = rtt.srttNanos();
        if (flight.size() == 0 || probesSent >= MAX_PROBES || rackTimerAt != NEVER || srtt < 0 || !dataState()
                || sndWnd == 0) {
            tlpAt = NEVER;
            return;
        }
        long pto = (Math.max(2 * srtt, MIN_PTO_NANOS) + (flight.size() == 1 ? cfg.delayedAckNanos() : 0)) << probesSent;
        long at = now + pto;
        tlpAt = rtoAt != NEVER && at - rtoAt >= 0 ? NEVER : at;
    }

    private void armRto() {
        rtoAt = now + rtt.currentRtoNanos();
    }

    /** RFC 6675 pipe: bytes in flight, minus SACKed and lost, plus retransmissions outstanding [TR-LOSS-4]. */
    private long pipe() {
        long outstanding = (long) (sndNxt - sndUna) - flight.sackedBytes() - flight.lostBytes() + flight.rtxBytes();
        return Math.max(0, outstanding);
    }

    /**
     * Procedure {@code TransmitPending}, RFC 6675 NextSeg: retransmits every segment presumed lost, oldest first,
     * then sends new data and the FIN, as far as the congestion window (against pipe), the peer's window and the
     * table of segments in flight allow [TR-CC-1] [TR-FLOW-2] [TR-LOSS-4].
     *
     * @param force send one retransmission even if the congestion window is full
     */
    private void transmitPending(boolean force) {
        if (sendRing == null || !issChosen || state == State.SYN_SENT || state == State.SYN_RECEIVED
                || state == State.TIME_WAIT || state == State.CLOSED || state == State.FIN_WAIT_2) {
            return;
        }
        int mss = maxData(Math.min(ooo.size(), Segment.MAX_SACK_BLOCKS));
        for (int guard = 0; guard < 100_000; guard++) {
            int i = flight.nextLost();
            if (i >= 0) {
                int len = flight.end(i) - flight.seq(i);
                if (!force && pipe() + len > cwnd) {
                    break;
                }
                force = false;
                transmit(flight.seq(i), len);
                flight.onRetransmitted(i, now);
                endpoint.stats().retransmissions++;
                continue;
            }
            force = false;
            int unsent = SeqNum.lt(sndNxt, streamEnd) ? streamEnd - sndNxt : 0;
            boolean finPending = finQueued && !finSent;
            if ((unsent == 0 && !finPending) || flight.full()) {
                break;
            }
            long wndRoom = (long) (sndUna - sndNxt) + sndWnd;
            long cwndRoom = cwnd - pipe();
            if (unsent > 0) {
                long len = Math.min(Math.min(mss, unsent), Math.min(wndRoom, cwndRoom));
                if (len <= 0) {
                    break;
                }
                // Sender-side silly window avoidance: no small segment while more data waits [TR-FLOW-2].
                if (len < mss && len < unsent && len < sndWnd / 2) {
                    break;
                }
                sendNew((int) len);
            } else {
                sendNew(1);
            }
        }
        if (sndUna == sndNxt && rtoAt == NEVER && sendWaiting()) {
            // Data waits behind a closed window with nothing in flight: arm the persist timer, or no segment would
            // ever ask the peer to reopen it [TR-FLOW-3].
            armRto();
        }
        armTailLossProbe();
    }

    /** Sends up to {@code maxLen} new bytes from SND.NXT (and the FIN after the last byte) and records them. */
    private void sendNew(int maxLen) {
        int unsent = SeqNum.lt(sndNxt, streamEnd) ? streamEnd - sndNxt : 0;
        int len = Math.min(maxLen, unsent);
        boolean fin = finQueued && !finSent && len == unsent;
        int seqLen = len + (fin ? 1 : 0);
        if (seqLen == 0) {
            return;
        }
        transmit(sndNxt, seqLen);
        flight.onSent(sndNxt, sndNxt + seqLen, now);
        sndNxt += seqLen;
        if (rtoAt == NEVER) {
            armRto();
        }
    }

    /**
     * Sends the sequence range [seq, seq + seqLen): data from the send buffer, then the FIN if it falls inside,
     * with as many SACK blocks as fit beside the data [TR-SACK-1].
     */
    private void transmit(int seq, int seqLen) {
        int dataLen = SeqNum.lt(seq, streamEnd) ? Math.min(seqLen, streamEnd - seq) : 0;
        boolean fin = finQueued && seqLen > dataLen && seq + dataLen == finSeq;
        byte[] data = dataLen == 0 ? EMPTY : new byte[dataLen];
        if (dataLen > 0) {
            sendRing.read(seq, data, 0, dataLen);
        }
        if (fin) {
            finSent = true;
        }
        int room = (sendSegmentBytes - Segment.HEADER_LENGTH - dataLen) / Segment.SACK_BLOCK_LENGTH;
        emit(new Segment(key.localPort(), key.remotePort(), seq, rcvNxt, Segment.ACK | (fin ? Segment.FIN : 0),
                receiveWindow(), tsNow(), tsRecent, sackBlocks(room), data));
        ackSent();
    }

    private void sendAck() {
        emit(new Segment(key.localPort(), key.remotePort(), sndNxt, rcvNxt, Segment.ACK, receiveWindow(), tsNow(),
                tsRecent, sackBlocks(), EMPTY));
        ackSent();
    }

    private void sendKeepalive() {
        lastProbeNanos = now;
        emit(new Segment(key.localPort(), key.remotePort(), sndNxt - 1, rcvNxt, Segment.ACK, receiveWindow(), tsNow(),
                tsRecent, List.of(), EMPTY));
    }

    private void sendRst() {
        endpoint.stats().resetsSent++;
        boolean synced = recvRing != null || state == State.TIME_WAIT;
        emit(new Segment(key.localPort(), key.remotePort(), sndNxt, synced ? rcvNxt : 0,
                Segment.RST | (synced ? Segment.ACK : 0), 0, tsNow(), synced ? tsRecent : 0, List.of(), EMPTY));
    }

    private void ackSent() {
        ackPending = 0;
        delayedAckAt = NEVER;
        lastAckSent = rcvNxt;
    }

    private void emit(Segment s) {
        endpoint.emit(key.remote(), s);
    }

    private int tsNow() {
        int ts = (int) (now / 1000);
        return ts == 0 ? 1 : ts;
    }

    // ---- actions: receive side ------------------------------------------------------------------------------

    /** SACK blocks for an outgoing segment: the most recently changed range first (RFC 2018) [TR-SACK-2]. */
    private List<Segment.SackBlock> sackBlocks() {
        return sackBlocks(Segment.MAX_SACK_BLOCKS);
    }

    private List<Segment.SackBlock> sackBlocks(int maxBlocks) {
        int n = ooo.size();
        int limit = Math.min(maxBlocks, Segment.MAX_SACK_BLOCKS);
        if (n == 0 || limit <= 0) {
            return List.of();
        }
        List<Segment.SackBlock> out = new ArrayList<>(Math.min(n, limit));
        int recent = ooo.indexOf(lastOooStart);
        if (recent >= 0) {
            out.add(new Segment.SackBlock(ooo.start(recent), ooo.end(recent)));
        }
        for (int i = 0; i < n && out.size() < limit; i++) {
            if (i != recent) {
                out.add(new Segment.SackBlock(ooo.start(i), ooo.end(i)));
            }
        }
        return out;
    }

    /** Procedure {@code ProcessData}: bounded reassembly, in-order delivery, ACK policy [TR-REASM-1] [TR-ACK-2]. */
    private void processData(Segment seg) {
        int seq = seg.seqNum();
        byte[] d = seg.data();
        if (seg.fin() && !peerFinKnown) {
            peerFinKnown = true;
            peerFinSeq = seq + d.length;
        }
        boolean immediate = seg.fin();
        if (d.length > 0) {
            int start = SeqNum.max(seq, rcvNxt);
            int end = SeqNum.min(seq + d.length, rcvNxt + receiveWindow());
            if (peerFinKnown) {
                end = SeqNum.min(end, peerFinSeq);
            }
            if (SeqNum.lt(start, end)) {
                if (start == rcvNxt) {
                    boolean hadGap = ooo.size() > 0;
                    rcvNxt = end;
                    deliver(d, start - seq, end - start);
                    while (!released && ooo.size() > 0 && SeqNum.leq(ooo.start(0), rcvNxt)) {
                        int rangeEnd = ooo.end(0);
                        int from = rcvNxt;
                        ooo.trimBelow(SeqNum.max(rangeEnd, rcvNxt));
                        if (SeqNum.gt(rangeEnd, from)) {
                            rcvNxt = rangeEnd;
                            byte[] out = new byte[rangeEnd - from];
                            recvRing.read(from, out, 0, out.length);
                            deliverOwned(out);
                        }
                    }
                    immediate |= hadGap;
                } else {
                    if (ooo.add(start, end)) {
                        recvRing.ensure(rcvNxt, end);
                        recvRing.write(start, d, start - seq, end - start);
                        lastOooStart = start;
                    } else {
                        endpoint.stats().drop(DropReason.TR_REASSEMBLY_FULL);
                    }
                    immediate = true;
                }
            } else {
                immediate = true;
            }
        }
        if (released) {
            return;
        }
        if (peerFinKnown && !peerFinReached && rcvNxt == peerFinSeq) {
            peerFinReached = true;
            rcvNxt += 1;
            events.add(Input.PEER_FIN);
            return;
        }
        if (d.length == 0 && !seg.fin()) {
            return;
        }
        if (immediate || ooo.size() > 0) {
            sendAck();
        } else if (++ackPending >= ACK_EVERY) {
            sendAck();
        } else if (ackPending >= 2) {
            // Acknowledge once the segments that arrived together are processed: the loop runs due timers after
            // each receive batch, so a heavy flow gets one ACK per batch and a light one an ACK per 2 [TR-ACK-2].
            delayedAckAt = now;
        } else if (delayedAckAt == NEVER) {
            delayedAckAt = now + cfg.delayedAckNanos();
        }
    }

    private void deliver(byte[] d, int off, int len) {
        byte[] out = off == 0 && len == d.length ? d : java.util.Arrays.copyOfRange(d, off, off + len);
        deliverOwned(out);
    }

    private void deliverOwned(byte[] out) {
        endpoint.stats().bytesDelivered += out.length;
        if (listener != null) {
            listener.onData(this, out);
        }
    }

    /** Prints the spec's variable names. */
    @Override
    public String toString() {
        return "connection{" + key.remote() + " local_port=" + key.localPort() + " remote_port=" + key.remotePort()
                + " state=" + state + " SND.UNA=" + Integer.toUnsignedString(sndUna) + " SND.NXT="
                + Integer.toUnsignedString(sndNxt) + " SND.WND=" + sndWnd + " RCV.NXT=" + Integer.toUnsignedString(rcvNxt)
                + " cwnd=" + cwnd + " ssthresh=" + ssthresh + " pipe=" + pipe() + " in_flight_segments=" + flight.size() + " ooo=" + ooo + "}";
    }
}
