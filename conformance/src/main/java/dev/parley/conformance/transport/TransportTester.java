package dev.parley.conformance.transport;

import static dev.parley.conformance.transport.SegmentTesterCodec.ACK;
import static dev.parley.conformance.transport.SegmentTesterCodec.SYN;
import static dev.parley.conformance.transport.SegmentTesterCodec.plus;

import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.datagram.DatagramTester.Received;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One end of a transport connection played by hand over a {@link DatagramTester}'s socket: the
 * three-way open (spec/transport.md, "Opening"), data segments at the tester's own sequence
 * numbers, and any segment the suite wants to send on purpose (duplicates, out-of-window data,
 * RSTs with wrong numbers, malformed bytes). It keeps just enough state to stay a correct peer
 * (SND.NXT, RCV.NXT, the peer's window, TS.Recent) and retransmits its own data while it waits for
 * an acknowledgement, so a check never depends on one datagram. One thread uses it at a time.
 */
public final class TransportTester {

    /** The window the tester advertises: it takes whatever the node sends. */
    public static final long WINDOW = 1 << 20;
    /** The {@code max_segment} a SYN without the open option announces, the tester's own [TR-MSS-1]. */
    public static final int DEFAULT_MAX_SEGMENT = 1192;

    private final DatagramTester datagrams;
    private final InetSocketAddress node;
    private final int localPort;
    private final long iss;
    private final Duration retransmitInterval;
    private final long startNanos = System.nanoTime();
    private final List<Segment> receivedSegments = new ArrayList<>();
    private final List<Segment> unacknowledged = new ArrayList<>();

    private int remotePort;
    private long sndNxt;
    private long sndUna;
    private long irs;
    private long rcvNxt;
    private long peerWindow;
    private long tsRecent;
    private int peerMaxSegment = DEFAULT_MAX_SEGMENT;
    private boolean open;
    private long window = WINDOW;

    /**
     * @param datagrams          the socket and trace to use
     * @param node               the node's UDP address
     * @param localPort          the tester's transport port, 1..65535
     * @param iss                the tester's initial sequence number
     * @param retransmitInterval how long to wait for an acknowledgement before sending again
     */
    public TransportTester(DatagramTester datagrams, InetSocketAddress node, int localPort, long iss,
                           Duration retransmitInterval) {
        if (localPort < 1 || localPort > 65_535) {
            throw new IllegalArgumentException("local port must be within [1, 65535], was " + localPort);
        }
        this.datagrams = datagrams;
        this.node = node;
        this.localPort = localPort;
        this.iss = iss & 0xffffffffL;
        this.retransmitInterval = retransmitInterval;
        this.sndNxt = this.iss;
        this.sndUna = this.iss;
    }

    public int localPort() {
        return localPort;
    }

    public int remotePort() {
        return remotePort;
    }

    public InetSocketAddress address() {
        return datagrams.address();
    }

    /** The tester's initial sequence number. */
    public long iss() {
        return iss;
    }

    /** The tester's next sequence number (the node's RCV.NXT once it has everything). */
    public long sndNxt() {
        return sndNxt;
    }

    /** The next sequence number the tester expects from the node. */
    public long rcvNxt() {
        return rcvNxt;
    }

    /** The node's initial sequence number, from its SYN|ACK. */
    public long irs() {
        return irs;
    }

    /**
     * The node's MSS on this connection: SEND.MAX = the smaller of the tester's {@code max_segment} (1192, it
     * sends no open option) and the node's, from its SYN|ACK, minus the 28-byte header [TR-MSS-2] [TR-SEG-7].
     */
    public int nodeMss() {
        return Math.min(DEFAULT_MAX_SEGMENT, peerMaxSegment) - SegmentTesterCodec.HEADER_LENGTH;
    }

    /**
     * Records that the tester holds the node's stream up to {@code value} (a sequence number): its own data
     * segments acknowledge that from now on [TR-ACK-1].
     */
    public void rcvNxt(long value) {
        this.rcvNxt = value & 0xffffffffL;
    }

    /** The window the node advertised last. */
    public long peerWindow() {
        return peerWindow;
    }

    /** Every well-formed segment of this connection the node sent, oldest first. */
    public List<Segment> received() {
        return List.copyOf(receivedSegments);
    }

    /** The tester's clock for {@code ts_val}: microseconds, modulo 2^32, never 0. */
    public long tsVal() {
        long micros = ((System.nanoTime() - startNanos) / 1000 + 1) & 0xffffffffL;
        return micros == 0 ? 1 : micros;
    }

    /**
     * Sets the window the tester advertises from now on, the SYN of {@link #open} included; 0 holds the node's data
     * back (spec/transport.md [TR-FLOW-3]).
     */
    public void advertiseWindow(long bytes) {
        this.window = bytes;
    }

    /** A segment of this connection with the tester's current numbers; no data. */
    public Segment segment(int flags, long seqNum) {
        boolean ack = (flags & ACK) != 0;
        return new Segment(localPort, remotePort, seqNum & 0xffffffffL, ack ? rcvNxt : 0, flags, window, tsVal(),
                ack ? tsRecent : 0, List.of(), new byte[0]);
    }

    /** An ACK carrying {@code data} at SND.NXT, not yet sent. */
    public Segment dataSegment(byte[] data) {
        return segment(ACK, sndNxt).withData(data);
    }

    /**
     * Opens the connection to {@code port} by hand: SYN, the node's SYN|ACK acknowledging ISS + 1,
     * then the ACK that completes the open [TR-OPEN-3] [TR-OPEN-4]. The SYN is sent again every
     * retransmission interval until the SYN|ACK comes or {@code timeout} passes.
     *
     * @throws IutException TIMEOUT without a SYN|ACK; WRONG if the node answers with something else
     */
    public Segment open(int port, Duration timeout) {
        return open(port, timeout, Duration.ZERO);
    }

    /**
     * As {@link #open(int, Duration)}, but the ACK that completes the open is sent {@code ackDelay} after the
     * SYN|ACK arrived, as over a path with that round-trip time: the node's first RTT sample [TR-RTT-1] is then
     * that delay, not the loopback's. Segments that arrive meanwhile (a retransmitted SYN|ACK) are read and
     * left to the trace.
     */
    public Segment open(int port, Duration timeout, Duration ackDelay) {
        this.remotePort = port;
        Segment syn = new Segment(localPort, remotePort, iss, 0, SYN, window, tsVal(), 0, List.of(), new byte[0]);
        sendSegment(syn, "SYN");
        long deadline = System.nanoTime() + timeout.toNanos();
        long resendAt = System.nanoTime() + retransmitInterval.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new IutException(Verdict.TIMEOUT, "no SYN|ACK to the tester's SYN " + syn + " within "
                        + timeout.toMillis() + " ms [TR-OPEN-3]");
            }
            Optional<Segment> answer = awaitSegment(s -> true, Duration.ofNanos(Math.min(deadline, resendAt) - now));
            if (answer.isEmpty()) {
                if (System.nanoTime() - resendAt >= 0) {
                    sendSegment(syn, "SYN again");
                    resendAt = System.nanoTime() + retransmitInterval.toNanos();
                }
                continue;
            }
            Segment s = answer.get();
            if (s.rst()) {
                throw new IutException(Verdict.WRONG, "the node reset the tester's SYN to its listening port: " + s);
            }
            // A SYN|ACK carries no data but, optionally, its 2-byte open option [TR-MSS-1].
            if (!s.syn() || !s.ack() || s.fin() || (s.data().length != 0 && s.data().length != 2)) {
                throw new IutException(Verdict.WRONG, "the node answered the tester's SYN with " + s
                        + ", not a SYN|ACK without data [TR-OPEN-3] [TR-MSS-1]");
            }
            if (s.ackNum() != plus(iss, 1)) {
                throw new IutException(Verdict.WRONG, "the node's SYN|ACK acknowledges " + s.ackNum() + ", not ISS + 1 = "
                        + plus(iss, 1) + " [TR-OPEN-3]");
            }
            irs = s.seqNum();
            rcvNxt = plus(irs, 1);
            if (s.data().length == 2) {
                peerMaxSegment = ((s.data()[0] & 0xff) << 8) | (s.data()[1] & 0xff);
            }
            tsRecent = s.tsVal();
            peerWindow = s.window();
            sndNxt = plus(iss, 1);
            sndUna = sndNxt;
            if (!ackDelay.isZero()) {
                long until = System.nanoTime() + ackDelay.toNanos();
                for (long left = ackDelay.toNanos(); left > 0; left = until - System.nanoTime()) {
                    awaitSegment(x -> false, Duration.ofNanos(left));
                }
            }
            Segment ack = segment(ACK, sndNxt);
            sendSegment(ack, "ACK completing the open");
            open = true;
            return s;
        }
    }

    /** Sends a segment of this connection as it is, in a well-formed packet. */
    public void sendSegment(Segment segment, String note) {
        sendBytes(SegmentTesterCodec.write(segment), note + " " + segment);
    }

    /** Sends segment bytes as they are (malformed ones too), in a well-formed packet. */
    public void sendBytes(byte[] segment, String note) {
        datagrams.send(SegmentTesterCodec.packet(segment), node, note);
    }

    /**
     * Sends {@code data} at SND.NXT and advances SND.NXT past it; the segment is resent by
     * {@link #awaitAcknowledgement} until the node acknowledges it.
     */
    public Segment sendData(byte[] data, String note) {
        requireOpen();
        Segment segment = dataSegment(data);
        sendSegment(segment, note);
        unacknowledged.add(segment);
        sndNxt = plus(sndNxt, data.length);
        return segment;
    }

    /** Moves SND.NXT forward without sending, for data the tester sends in its own segments. */
    public void advance(long bytes) {
        sndNxt = plus(sndNxt, bytes);
    }

    /** Registers a sent segment for retransmission until it is acknowledged. */
    public void retransmitUntilAcknowledged(Segment segment) {
        unacknowledged.add(segment);
    }

    /**
     * Waits until the node acknowledges everything up to SND.NXT, resending what is not yet
     * acknowledged every retransmission interval.
     *
     * @throws IutException TIMEOUT if it does not within {@code timeout}
     */
    public Segment awaitAcknowledgement(Duration timeout) {
        requireOpen();
        long target = sndNxt;
        long deadline = System.nanoTime() + timeout.toNanos();
        long resendAt = System.nanoTime() + retransmitInterval.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new IutException(Verdict.TIMEOUT, "the node did not acknowledge the tester's data up to "
                        + target + " within " + timeout.toMillis() + " ms (acknowledged up to " + sndUna + ")");
            }
            Optional<Segment> ack = awaitSegment(s -> s.ack() && !s.rst() && !SegmentTesterCodec.before(s.ackNum(), target),
                    Duration.ofNanos(Math.min(deadline, resendAt) - now));
            if (ack.isPresent()) {
                unacknowledged.clear();
                return ack.get();
            }
            if (System.nanoTime() - resendAt >= 0) {
                for (Segment s : unacknowledged) {
                    if (SegmentTesterCodec.before(sndUna, plus(s.seqNum(), s.sequenceLength()))) {
                        sendSegment(s, "again");
                    }
                }
                resendAt = System.nanoTime() + retransmitInterval.toNanos();
            }
        }
    }

    /**
     * The first segment of this connection from the node that {@code wanted} accepts within
     * {@code timeout}. Every segment read on the way updates the tester's view (TS.Recent, the
     * peer's window, what the node acknowledged); other datagrams are left to the trace.
     *
     * @throws IutException WRONG if the node sends a malformed packet or segment
     */
    public Optional<Segment> awaitSegment(Predicate<Segment> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<Received> next = datagrams.receive(Duration.ofNanos(left));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Optional<Segment> segment = segmentOf(next.get());
            if (segment.isEmpty()) {
                continue;
            }
            Segment s = segment.get();
            onSegment(s);
            if (wanted.test(s)) {
                return segment;
            }
        }
    }

    /** Every segment of this connection that arrives within {@code timeout}. */
    public List<Segment> collect(Duration timeout) {
        List<Segment> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return all;
            }
            awaitSegment(s -> true, Duration.ofNanos(left)).ifPresent(all::add);
        }
    }

    /** The node's segment for this connection in {@code r}, if it is one; a malformed one fails. */
    private Optional<Segment> segmentOf(Received r) {
        if (!r.from().equals(node)) {
            return Optional.empty();
        }
        TesterCodec.Packet packet;
        try {
            packet = TesterCodec.readWellFormed(r.data());
        } catch (IllegalArgumentException e) {
            throw new IutException(Verdict.WRONG, "the node sent a malformed packet (" + e.getMessage() + "): " + r);
        }
        if (packet.nextProtocol() != TesterCodec.PROTOCOL_TRANSPORT) {
            return Optional.empty();
        }
        Segment s;
        try {
            s = SegmentTesterCodec.read(packet.payload());
        } catch (IllegalArgumentException e) {
            throw new IutException(Verdict.WRONG, "the node sent a " + e.getMessage() + " [TR-SEG-6]");
        }
        if (s.dstPort() != localPort || (remotePort != 0 && s.srcPort() != remotePort)) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private void onSegment(Segment s) {
        if (receivedSegments.size() < 10_000) {
            receivedSegments.add(s);
        }
        if (!open || s.rst()) {
            return;
        }
        if (s.seqNum() == rcvNxt || SegmentTesterCodec.before(s.seqNum(), rcvNxt)) {
            tsRecent = s.tsVal();
        }
        if (s.ack()) {
            peerWindow = s.window();
            if (SegmentTesterCodec.before(sndUna, s.ackNum()) && !SegmentTesterCodec.before(sndNxt, s.ackNum())) {
                sndUna = s.ackNum();
            }
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("the tester's connection is not open");
        }
    }

    @Override
    public String toString() {
        return "TransportTester[" + localPort + " -> " + node + " port " + remotePort + ", ISS=" + iss + ", SND.NXT="
                + sndNxt + ", SND.UNA=" + sndUna + ", IRS=" + irs + ", RCV.NXT=" + rcvNxt + ", window=" + peerWindow + "]";
    }
}
