package dev.parley.conformance.chat;

import static dev.parley.conformance.transport.SegmentTesterCodec.ACK;
import static dev.parley.conformance.transport.SegmentTesterCodec.RST;
import static dev.parley.conformance.transport.SegmentTesterCodec.plus;

import dev.parley.conformance.framing.FrameTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.TransportTester;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MessageChannel} on the suite's own transport end ({@link TransportTester}): the tester's
 * messages go out as framing-layer message frames (spec/framing.md) cut into segments of at most
 * {@value #CHUNK} octets, resent until acknowledged; the node's segments are put in order by sequence
 * number, acknowledged one by one, and cut into frames again. Enough of a transport to carry a login
 * over a lossy, reordering relay, and nothing more. One thread uses it at a time.
 */
public final class TransportChannel implements MessageChannel {

    /** Data per segment: below the default MSS of 1164 octets. */
    public static final int CHUNK = 1000;
    /** Out-of-order segments kept at most. */
    private static final int MAX_OUT_OF_ORDER = 1024;
    /** Largest frame accepted from the node: far above any chat message. */
    private static final int MAX_FRAME = 1 << 20;

    private final TransportTester tester;
    private final Duration sendTimeout;
    private final TreeMap<Long, byte[]> outOfOrder = new TreeMap<>();
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    private int seen;
    private long rcvNxt;
    private long tsEcr;
    private boolean finReceived;
    private boolean reset;

    /** Wraps an open tester connection; {@code sendTimeout} bounds the wait for each send's acknowledgement. */
    public TransportChannel(TransportTester tester, Duration sendTimeout) {
        this.tester = tester;
        this.sendTimeout = sendTimeout;
        this.rcvNxt = tester.rcvNxt();
        this.seen = 0;
    }

    public TransportTester tester() {
        return tester;
    }

    @Override
    public void send(byte[] message) {
        byte[] frame = FrameTesterCodec.message(message);
        for (int off = 0; off < frame.length; off += CHUNK) {
            byte[] chunk = Arrays.copyOfRange(frame, off, Math.min(frame.length, off + CHUNK));
            Segment s = new Segment(tester.localPort(), tester.remotePort(), tester.sndNxt(), rcvNxt, ACK,
                    TransportTester.WINDOW, tester.tsVal(), tsEcr, List.of(), chunk);
            tester.sendSegment(s, "chat data");
            tester.retransmitUntilAcknowledged(s);
            tester.advance(chunk.length);
        }
        tester.awaitAcknowledgement(sendTimeout);
        absorb();
    }

    /** Sends raw bytes as data at SND.NXT (a frame cut anywhere, or no frame at all). */
    public void sendRawFrame(byte[] frame) {
        Segment s = new Segment(tester.localPort(), tester.remotePort(), tester.sndNxt(), rcvNxt, ACK,
                TransportTester.WINDOW, tester.tsVal(), tsEcr, List.of(), frame);
        tester.sendSegment(s, "raw data");
        tester.retransmitUntilAcknowledged(s);
        tester.advance(frame.length);
        tester.awaitAcknowledgement(sendTimeout);
        absorb();
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            absorb();
            Optional<byte[]> message = nextFrame();
            if (message.isPresent()) {
                return message;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || peerClosed()) {
                return Optional.empty();
            }
            tester.awaitSegment(s -> true, Duration.ofNanos(Math.min(left, Duration.ofMillis(100).toNanos())));
        }
    }

    /**
     * Reads and acknowledges the node's segments for {@code duration} without taking messages out: what
     * arrives waits for {@link #receive}. A client calls it while it computes (proof of work, Argon2id, a
     * signature) so that its transport keeps acknowledging like a real one, whose transport runs beside its
     * crypto; an end that stops acknowledging for a second makes the node's RTT estimate, and so its
     * retransmission timeout, grow by as much (spec/transport.md, TR-RTX).
     */
    public void service(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (true) {
            absorb();
            long left = deadline - System.nanoTime();
            if (left <= 0 || reset) {
                return;
            }
            tester.awaitSegment(s -> true, Duration.ofNanos(Math.min(left, Duration.ofMillis(20).toNanos())));
        }
    }

    @Override
    public boolean peerClosed() {
        absorb();
        return reset || finReceived;
    }

    /** Whether the node reset the connection. */
    public boolean wasReset() {
        absorb();
        return reset;
    }

    @Override
    public String describe() {
        return "tester " + tester.address() + " transport port " + tester.localPort();
    }

    /** Ends the connection with a RST (the suite's client vanishes without a goodbye). */
    @Override
    public void close() {
        if (!reset) {
            tester.sendSegment(new Segment(tester.localPort(), tester.remotePort(), tester.sndNxt(), 0, RST,
                    0, tester.tsVal(), 0, List.of(), new byte[0]), "RST closing the chat channel");
        }
    }

    /** Takes every segment the tester has read since the last call, in order, and acknowledges data. */
    private void absorb() {
        List<Segment> all = tester.received();
        boolean acknowledge = false;
        for (; seen < all.size(); seen++) {
            Segment s = all.get(seen);
            if (s.syn()) {
                continue;
            }
            if (s.rst()) {
                reset = true;
                continue;
            }
            tsEcr = s.tsVal();
            if (s.data().length > 0 || s.fin()) {
                acknowledge = true;
                accept(s);
            }
        }
        if (acknowledge && !reset) {
            tester.sendSegment(new Segment(tester.localPort(), tester.remotePort(), tester.sndNxt(), rcvNxt, ACK,
                    TransportTester.WINDOW, tester.tsVal(), tsEcr, List.of(), new byte[0]), "ACK of chat data");
        }
    }

    private void accept(Segment s) {
        long seq = s.seqNum();
        if (!SegmentTesterCodec.before(rcvNxt, seq) || seq == rcvNxt) {
            // in order, or overlapping what we have: take the new part
            long skip = (rcvNxt - seq) & 0xffffffffL;
            if (skip < s.data().length) {
                byte[] fresh = Arrays.copyOfRange(s.data(), (int) skip, s.data().length);
                stream.write(fresh, 0, fresh.length);
                rcvNxt = plus(rcvNxt, fresh.length);
            }
            if (s.fin() && plus(seq, s.data().length) == rcvNxt) {
                finReceived = true;
                rcvNxt = plus(rcvNxt, 1);
            }
            drainOutOfOrder();
        } else if (outOfOrder.size() < MAX_OUT_OF_ORDER) {
            // a FIN out of order is sent again after the gap fills; only its data is kept here
            outOfOrder.put(seq, s.data());
        }
    }

    private void drainOutOfOrder() {
        boolean progress = true;
        while (progress && !outOfOrder.isEmpty()) {
            progress = false;
            var it = outOfOrder.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                long seq = e.getKey();
                byte[] data = e.getValue();
                long end = plus(seq, data.length);
                if (!SegmentTesterCodec.before(rcvNxt, seq)) {
                    it.remove();
                    if (SegmentTesterCodec.before(rcvNxt, end)) {
                        long skip = (rcvNxt - seq) & 0xffffffffL;
                        stream.write(data, (int) skip, data.length - (int) skip);
                        rcvNxt = end;
                        progress = true;
                    }
                }
            }
        }
    }

    /** The next whole message frame of the stream, if one is complete. */
    private Optional<byte[]> nextFrame() {
        byte[] buf = stream.toByteArray();
        if (buf.length < FrameTesterCodec.HEADER_LENGTH) {
            return Optional.empty();
        }
        long len = ((buf[1] & 0xffL) << 24) | ((buf[2] & 0xffL) << 16) | ((buf[3] & 0xffL) << 8) | (buf[4] & 0xffL);
        if (len > MAX_FRAME) {
            throw new IllegalStateException("the node sent a frame of " + len + " octets on the chat connection");
        }
        if (buf.length < FrameTesterCodec.HEADER_LENGTH + len) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOfRange(buf, FrameTesterCodec.HEADER_LENGTH, FrameTesterCodec.HEADER_LENGTH + (int) len);
        stream.reset();
        stream.write(buf, FrameTesterCodec.HEADER_LENGTH + (int) len, buf.length - FrameTesterCodec.HEADER_LENGTH - (int) len);
        return Optional.of(payload);
    }

}
