package dev.parley.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The transport engine of one UDP socket (sans-IO): owns every connection of the socket, keyed by remote
 * address, local port and remote port [TR-DEMUX-1]. The datagram loop calls {@link #onSegment},
 * {@link #onUnreachable} and {@link #onTimeout} with the current time, asks {@link #nextTimeoutNanos} when to call
 * next, and sends what arrives at its {@link SegmentSink}. All methods, user calls included, run on that one loop
 * thread [TR-LOOP-1]. Bad input is dropped and counted, never thrown [TR-ERR-1].
 */
public final class TransportEndpoint {

    private static final int EPHEMERAL_FIRST = 49_152;

    private final TransportConfig config;
    private final SegmentSink sink;
    private final RandomGenerator random;
    private final LongSupplier clock;
    private final byte[] isnSecret = new byte[32];
    private final Map<ConnectionKey, Connection> connections = new HashMap<>();
    private final Map<Integer, Acceptor> listeners = new HashMap<>();
    private final TransportStats stats = new TransportStats();
    private final TokenBucket replies;
    private final List<Connection> due = new ArrayList<>();
    /** Every connection's earliest deadline: a wake-up costs work in the timers due, not in idle connections. */
    private final TimerQueue<Connection> timers = new TimerQueue<>();
    /** Connections whose timers ran, for the benchmark's count of work per wake-up. */
    private long timerVisits;
    private long timerWakeups;
    private int halfOpen;
    private final OpeningLimits limits;
    private final SynCookies cookies;
    private final TimeWaitTable timeWait;
    /** Synchronised connections opened by peers, not in TIME_WAIT, per address key [TR-SEC-ADDR-1]. */
    private final Map<Object, Integer> perAddress = new HashMap<>();

    /**
     * @param random source of the ISN secret and ephemeral ports; a {@code SecureRandom} in production [TR-OPEN-8]
     * @param clock  monotonic nanoseconds for user calls; the loop's clock
     */
    public TransportEndpoint(TransportConfig config, SegmentSink sink, RandomGenerator random, LongSupplier clock) {
        this(config, OpeningLimits.defaults(), sink, random, clock);
    }

    /**
     * @param limits the defences against opening attacks [TR-SEC-SYN-2] [TR-SEC-ADDR-1] [TR-SEC-RATE-2]
     */
    public TransportEndpoint(TransportConfig config, OpeningLimits limits, SegmentSink sink, RandomGenerator random,
                             LongSupplier clock) {
        this.limits = limits;
        this.timeWait = new TimeWaitTable(config, limits, stats);
        this.config = config;
        this.sink = sink;
        this.random = random;
        this.clock = clock;
        for (int i = 0; i < isnSecret.length; i++) {
            isnSecret[i] = (byte) random.nextInt();
        }
        this.replies = new TokenBucket(config.replyRatePerSecond(), config.replyRatePerSecond(), clock.getAsLong());
        byte[] cookieSecret = new byte[32];
        for (int i = 0; i < cookieSecret.length; i++) {
            cookieSecret[i] = (byte) random.nextInt();
        }
        this.cookies = new SynCookies(cookieSecret, this::keyedHash);
    }

    public OpeningLimits limits() {
        return limits;
    }

    /** Records in the TIME_WAIT table, which hold no connection slot [TR-CLOSE-5]. */
    public int timeWaitCount() {
        return timeWait.size();
    }

    public TransportConfig config() {
        return config;
    }

    public TransportStats stats() {
        return stats;
    }

    /** Connections of all states but TIME_WAIT, whose records live in the TIME_WAIT table [TR-CLOSE-5]. */
    public int connectionCount() {
        return connections.size();
    }

    /** Accepts connections on {@code port} [TR-OPEN-3]. */
    public void listen(int port, Acceptor acceptor) {
        checkPort(port);
        listeners.put(port, acceptor);
    }

    public void unlisten(int port) {
        listeners.remove(port);
    }

    /** Active open from a random ephemeral port [TR-OPEN-1] [TR-OPEN-8]. */
    public Connection connect(InetSocketAddress remote, int remotePort, ConnectionListener listener) {
        for (int attempt = 0; attempt < 64; attempt++) {
            int local = EPHEMERAL_FIRST + random.nextInt(65_536 - EPHEMERAL_FIRST);
            ConnectionKey candidate = new ConnectionKey(remote, local, remotePort);
            if (!listeners.containsKey(local) && !connections.containsKey(candidate) && !timeWait.contains(candidate)) {
                return connect(remote, remotePort, local, listener);
            }
        }
        throw new TransportStateException("TR_NO_PORT", "no free ephemeral port");
    }

    /** Active open from a given local port. */
    public Connection connect(InetSocketAddress remote, int remotePort, int localPort, ConnectionListener listener) {
        checkPort(remotePort);
        checkPort(localPort);
        ConnectionKey key = new ConnectionKey(remote, localPort, remotePort);
        if (connections.containsKey(key)) {
            throw new TransportStateException("TR_IN_USE", key.toString());
        }
        if (connections.size() >= config.maxConnections()) {
            throw new TransportStateException("TR_TOO_MANY_CONNECTIONS", "limit " + config.maxConnections() + " [TR-BOUND-1]");
        }
        Connection c = new Connection(this, key, listener, null, clock.getAsLong());
        connections.put(key, c);
        c.handle(Input.CONNECT, null, clock.getAsLong());
        reschedule(c);
        return c;
    }

    /**
     * One segment, the payload of a datagram-layer packet with next_protocol 2 [TR-DEMUX-1].
     *
     * @return {@link SegmentVerdict.Outcome#NO_LISTENER} when a SYN addresses a port nobody listens on: the datagram
     *     layer answers with a port unreachable [TR-DEMUX-2]
     */
    public SegmentVerdict onSegment(InetSocketAddress from, byte[] segmentBytes, long nowNanos) {
        stats.segmentsReceived++;
        SegmentCodec.Decoded decoded = SegmentCodec.decode(segmentBytes);
        if (!decoded.ok()) {
            stats.drop(decoded.dropReason());
            return SegmentVerdict.DROPPED;
        }
        Segment seg = decoded.segment();
        Connection c = connections.get(new ConnectionKey(from, seg.dstPort(), seg.srcPort()));
        if (c != null) {
            c.onSegment(seg, nowNanos);
            reschedule(c);
            return SegmentVerdict.ACCEPTED;
        }
        if (timeWait.onSegment(from, seg, nowNanos, this)) {
            return SegmentVerdict.ACCEPTED;
        }
        return onSegmentWithoutConnection(from, seg, nowNanos);
    }

    /** The CLOSED rows of the table, for a segment that matches no connection [TR-DEMUX-2..4]. */
    private SegmentVerdict onSegmentWithoutConnection(InetSocketAddress from, Segment seg, long nowNanos) {
        Input input = seg.rst() ? Input.RCV_RST
                : seg.syn() ? (seg.ack() ? Input.RCV_SYN_ACK : Input.RCV_SYN) : Input.RCV_ACK;
        Acceptor acceptor = listeners.get(seg.dstPort());
        ConnectionKey key = new ConnectionKey(from, seg.dstPort(), seg.srcPort());
        boolean connectionRoom = connections.size() < config.maxConnections();
        boolean addressRoom = perAddress.getOrDefault(addressKey(from), 0) < limits.maxPerAddress();
        boolean backlogRoom = halfOpen < config.maxHalfOpen();
        Transition t = TransitionTable.lookup(State.CLOSED, input, g -> switch (g) {
            case LISTENING_WITH_ROOM -> acceptor != null && connectionRoom && addressRoom && backlogRoom;
            case BACKLOG_FULL -> acceptor != null && connectionRoom && addressRoom && !backlogRoom;
            case LISTENING_FULL -> acceptor != null && !(connectionRoom && addressRoom);
            case VALID_COOKIE -> acceptor != null && connectionRoom && addressRoom
                    && cookies.valid(key, seg.seqNum() - 1, seg.ackNum() - 1, nowNanos);
            case DATA_ACKED, NEWER_INCARNATION -> false;
        });
        if (t.to() == State.SYN_RECEIVED || t.to() == State.ESTABLISHED) {
            Connection c = new Connection(this, key, null, acceptor, nowNanos);
            connections.put(key, c);
            if (t.to() == State.SYN_RECEIVED) {
                halfOpen++;
            } else {
                stats.cookieOpens++;
            }
            c.onSegmentCounted(seg);
            c.apply(t, seg, nowNanos);
            reschedule(c);
            return SegmentVerdict.ACCEPTED;
        }
        for (Action a : t.actions()) {
            switch (a) {
                case REPORT_NO_LISTENER -> {
                    return SegmentVerdict.noListener(seg.dstPort());
                }
                case REFUSE_SYN -> stats.drop(connectionRoom ? DropReason.TR_ADDRESS_LIMIT : DropReason.TR_BACKLOG_FULL);
                case SEND_COOKIE_SYN_ACK -> sendCookieSynAck(key, seg, nowNanos);
                case REPLY_RST -> replyRst(from, seg, nowNanos);
                case DROP -> stats.drop(DropReason.TR_UNEXPECTED);
                default -> throw new IllegalStateException("CLOSED row with action " + a + ": " + t);
            }
        }
        return verdictOf(t);
    }

    private static SegmentVerdict verdictOf(Transition t) {
        return t.actions().contains(Action.DROP) || t.actions().contains(Action.REFUSE_SYN)
                ? SegmentVerdict.DROPPED : SegmentVerdict.ACCEPTED;
    }

    /**
     * A peer's datagram layer reported one of our transport packets undeliverable. Honoured only for an open attempt
     * (SYN_SENT) to {@code from} that has heard nothing from its peer and whose SYN begins with exactly the quoted
     * segment octets; for code 1, {@code port} must be that SYN's dst_port. Everything else is ignored, counted as
     * {@code unreachable_ignored}, and changes nothing: an unreachable never closes, resets or changes an established
     * connection [TR-FAIL-2] [TR-SEC-INJ-4] [DG-CTL-14].
     *
     * @param invokingPayload the leading bytes of our segment, as quoted
     */
    public void onUnreachable(InetSocketAddress from, int code, int port, byte[] invokingPayload, long nowNanos) {
        if (invokingPayload.length < 4 || (code != 0 && code != 1)) {
            stats.unreachableIgnored++;
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(invokingPayload);
        int srcPort = b.getShort(0) & 0xFFFF;
        int dstPort = b.getShort(2) & 0xFFFF;
        Connection c = connections.get(new ConnectionKey(from, srcPort, dstPort));
        if (c == null || (code == 1 && port != dstPort) || !c.onUnreachable(invokingPayload, nowNanos)) {
            stats.unreachableIgnored++;
        } else {
            reschedule(c);
        }
    }

    /** The earliest deadline of any connection's timers, or {@link Long#MAX_VALUE}: O(1) [TR-LOOP-1]. */
    public long nextTimeoutNanos() {
        return Math.min(timers.earliestNanos(), timeWait.nextExpiryNanos());
    }

    /**
     * Runs every timer due at {@code nowNanos}, each connection once: the due connections leave the timer queue
     * first, run, and go back with their next deadline. Idle connections are not visited [TR-LOOP-1].
     */
    public void onTimeout(long nowNanos) {
        timeWait.expire(nowNanos);
        timerWakeups++;
        due.clear();
        for (TimerQueue.Entry<Connection> e = timers.peek(); e != null && e.deadlineNanos - nowNanos <= 0;
                e = timers.peek()) {
            timers.remove(e);
            due.add(e.owner);
        }
        for (Connection c : due) {
            if (connections.get(c.key()) == c) {
                timerVisits++;
                c.onTimeout(nowNanos);
                reschedule(c);
            }
        }
        due.clear();
    }

    /** Calls of {@link #onTimeout} so far (for the benchmark of work per wake-up). */
    public long timerWakeups() {
        return timerWakeups;
    }

    /** Connections whose timers ran so far (for the benchmark of work per wake-up). */
    public long timerVisits() {
        return timerVisits;
    }

    /** Heap steps of the timer queue so far (for the benchmark of work per wake-up). */
    public long timerQueueOperations() {
        return timers.operations();
    }

    /** Puts {@code c}'s timer at its earliest deadline; a released connection has none. */
    void reschedule(Connection c) {
        if (connections.get(c.key()) != c) {
            timers.remove(c.timerEntry());
            return;
        }
        timers.schedule(c.timerEntry(), c.nextDeadlineNanos());
    }

    // ---- services for connections ---------------------------------------------------------------------------

    long clockNanos() {
        return clock.getAsLong();
    }

    void emit(InetSocketAddress to, Segment s) {
        stats.segmentsSent++;
        sink.send(to, SegmentCodec.encode(s));
    }

    boolean takeReplyToken(long nowNanos) {
        return replies.tryTake(nowNanos);
    }

    /** RST answering a segment (RFC 9293 section 3.10.7.1), rate-limited [TR-DEMUX-3] [TR-SEC-RATE-1]. */
    void replyRst(InetSocketAddress to, Segment seg, long nowNanos) {
        if (seg == null || seg.rst()) {
            return;
        }
        if (!replies.tryTake(nowNanos)) {
            stats.drop(DropReason.TR_RATE_LIMITED);
            return;
        }
        stats.resetsSent++;
        // Fields of an RST [TR-RST-4]: window 0, our clock in ts_val (never 0), the segment's ts_val echoed by RST|ACK.
        int tsVal = tsVal(nowNanos);
        Segment rst = seg.ack()
                ? new Segment(seg.dstPort(), seg.srcPort(), seg.ackNum(), 0, Segment.RST, 0, tsVal, 0, List.of(), new byte[0])
                : new Segment(seg.dstPort(), seg.srcPort(), 0, seg.seqNum() + seg.seqLength(), Segment.RST | Segment.ACK,
                        0, tsVal, seg.tsVal(), List.of(), new byte[0]);
        emit(to, rst);
    }

    /** The clock in {@code ts_val}: microseconds modulo 2^32, never 0 [TR-RTT-2]. */
    static int tsVal(long nowNanos) {
        int ts = (int) (nowNanos / 1000);
        return ts == 0 ? 1 : ts;
    }

    void onEstablished(Connection c) {
        if (c.passive() && !c.fromCookie()) {
            halfOpen--;
        }
        if (c.passive()) {
            perAddress.merge(addressKey(c.remote()), 1, Integer::sum);
        }
    }

    void remove(Connection c) {
        timers.remove(c.timerEntry());
        if (connections.remove(c.key(), c) && c.passive()) {
            if (!c.wasEstablished() && !c.fromCookie()) {
                halfOpen--;
            }
            if (c.wasEstablished()) {
                perAddress.computeIfPresent(addressKey(c.remote()), (k, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** START_TIME_WAIT: the connection gives up its slot for a compact TIME_WAIT record [TR-CLOSE-5]. */
    TimeWaitTable.Record enterTimeWait(Connection c, int sndNxt, int rcvNxt, int tsRecent, long nowNanos) {
        remove(c);
        return timeWait.add(c.key(), sndNxt, rcvNxt, tsRecent, nowNanos);
    }

    /** RELEASE of a connection in TIME_WAIT (abort) [TR-RST-5]. */
    void forgetTimeWait(TimeWaitTable.Record r) {
        timeWait.forget(r);
    }

    /**
     * The stateless SYN|ACK of a full backlog: seq_num is the cookie, nothing is stored, and it is never
     * retransmitted; one 28-byte answer per 28-byte SYN, so no amplification [TR-SEC-SYN-2] [TR-SEC-AMP-1].
     */
    private void sendCookieSynAck(ConnectionKey key, Segment syn, long nowNanos) {
        stats.cookiesSent++;
        int ts = (int) (nowNanos / 1000);
        emit(key.remote(), new Segment(key.localPort(), key.remotePort(), cookies.cookie(key, syn.seqNum(), nowNanos),
                syn.seqNum() + 1, Segment.SYN | Segment.ACK, config.receiveBufferBytes(), ts == 0 ? 1 : ts, syn.tsVal(),
                List.of(), new byte[0]));
    }

    /** The per-address key: an IPv4 address, or the /64 prefix of an IPv6 address [TR-SEC-ADDR-1]. */
    private static Object addressKey(InetSocketAddress remote) {
        InetAddress a = remote.getAddress();
        if (a == null || a instanceof Inet4Address) {
            return a == null ? remote.getHostString() : a;
        }
        return ByteBuffer.wrap(a.getAddress(), 0, 8).getLong();
    }

    /** RFC 6528: ISN = M + F(local port, remote address and port, secret), M a 4-microsecond clock [TR-OPEN-8]. */
    int initialSequenceNumber(ConnectionKey key, long nowNanos) {
        return (int) (nowNanos / 4000) + keyedHash(key);
    }

    /** F of RFC 6528: the first 32 bits of SHA-256 over the secret and the tuple [TR-OPEN-8]. */
    private int keyedHash(ConnectionKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(isnSecret);
            sha.update(key.remote().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(8).putInt(key.localPort()).putInt(key.remotePort()).array());
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535 [TR-SEG-5], got " + port);
        }
    }
}
