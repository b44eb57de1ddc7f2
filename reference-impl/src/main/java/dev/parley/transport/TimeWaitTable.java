package dev.parley.transport;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * TIME_WAIT without a connection slot (spec/transport.md, "Closing") [TR-CLOSE-5]: a connection that enters
 * TIME_WAIT leaves the endpoint's connection table, and a compact record of the numbers needed to acknowledge a
 * retransmitted FIN takes its place here. The records run the TIME_WAIT rows of {@link TransitionTable}. The table
 * holds at most {@link OpeningLimits#maxTimeWait()} records, kept in order of expiry (a restart moves a record to
 * the end); when it is full the oldest record is dropped early. Loop thread only.
 */
final class TimeWaitTable {

    /** One TIME_WAIT record: about 100 bytes instead of a connection with its buffers and scoreboard. */
    static final class Record {
        final ConnectionKey key;
        final int sndNxt;
        final int rcvNxt;
        final int tsRecent;
        final TokenBucket challengeAcks;
        long expiresAtNanos;

        Record(ConnectionKey key, int sndNxt, int rcvNxt, int tsRecent, TokenBucket challengeAcks, long expiresAtNanos) {
            this.key = key;
            this.sndNxt = sndNxt;
            this.rcvNxt = rcvNxt;
            this.tsRecent = tsRecent;
            this.challengeAcks = challengeAcks;
            this.expiresAtNanos = expiresAtNanos;
        }

        @Override
        public String toString() {
            return "time_wait{" + key + " SND.NXT=" + Integer.toUnsignedString(sndNxt) + " RCV.NXT="
                    + Integer.toUnsignedString(rcvNxt) + "}";
        }
    }

    private final LinkedHashMap<ConnectionKey, Record> records = new LinkedHashMap<>();
    private final TransportConfig cfg;
    private final OpeningLimits limits;
    private final TransportStats stats;

    TimeWaitTable(TransportConfig cfg, OpeningLimits limits, TransportStats stats) {
        this.cfg = cfg;
        this.limits = limits;
        this.stats = stats;
    }

    int size() {
        return records.size();
    }

    boolean contains(ConnectionKey key) {
        return records.containsKey(key);
    }

    /** START_TIME_WAIT of a connection: its record replaces any older one of the same key. */
    Record add(ConnectionKey key, int sndNxt, int rcvNxt, int tsRecent, long nowNanos) {
        records.remove(key);
        if (records.size() >= limits.maxTimeWait()) {
            Iterator<Record> oldest = records.values().iterator();
            oldest.next();
            oldest.remove();
            stats.timeWaitEvicted++;
        }
        int perSecond = limits.challengeAcksPerSecond();
        Record r = new Record(key, sndNxt, rcvNxt, tsRecent, new TokenBucket(perSecond, perSecond, nowNanos),
                nowNanos + cfg.timeWaitNanos());
        records.put(key, r);
        return r;
    }

    /** RELEASE of a connection in TIME_WAIT (abort): forgets its record, if it is still the current one. */
    void forget(Record r) {
        records.remove(r.key, r);
    }

    long nextExpiryNanos() {
        return records.isEmpty() ? Long.MAX_VALUE : records.values().iterator().next().expiresAtNanos;
    }

    /** TIME_WAIT_EXPIRED for every record due: RELEASE [TR-CLOSE-5]. */
    void expire(long nowNanos) {
        Iterator<Record> it = records.values().iterator();
        while (it.hasNext()) {
            Record r = it.next();
            if (r.expiresAtNanos - nowNanos > 0) {
                return;
            }
            it.remove();
        }
    }

    /**
     * A segment for a key in TIME_WAIT, classified as for a connection [TR-RCV-1] and run through the TIME_WAIT
     * rows of the table.
     *
     * @return false when the record was released and the segment must be processed as one that matches no
     *     connection (a SYN of a new incarnation [TR-CLOSE-9]); true when it was handled here
     */
    boolean onSegment(InetSocketAddress from, Segment seg, long nowNanos, TransportEndpoint endpoint) {
        Record r = records.get(new ConnectionKey(from, seg.dstPort(), seg.srcPort()));
        if (r == null) {
            return false;
        }
        Input input = classify(r, seg);
        if (input == null) {
            stats.drop(DropReason.TR_OUT_OF_WINDOW);
            return true;
        }
        Transition t = TransitionTable.lookup(State.TIME_WAIT, input,
                g -> g == Guard.NEWER_INCARNATION && SeqNum.gt(seg.tsVal(), r.tsRecent));
        for (Action a : t.actions()) {
            switch (a) {
                case SEND_ACK -> sendAck(r, endpoint, nowNanos);
                case CHALLENGE_ACK -> {
                    if (r.challengeAcks.tryTake(nowNanos)) {
                        sendAck(r, endpoint, nowNanos);
                    } else {
                        stats.drop(DropReason.TR_RATE_LIMITED);
                    }
                }
                case START_TIME_WAIT -> {
                    records.remove(r.key);
                    r.expiresAtNanos = nowNanos + cfg.timeWaitNanos();
                    records.put(r.key, r);
                }
                case DROP -> stats.drop(DropReason.TR_UNEXPECTED);
                case RELEASE -> records.remove(r.key, r);
                case REPROCESS_AS_NEW -> {
                    return false;
                }
                case IGNORE -> {
                }
                default -> throw new IllegalStateException("TIME_WAIT row with action " + a + ": " + t);
            }
        }
        return true;
    }

    /** Segment classification of spec/transport.md section 7 for a record in TIME_WAIT [TR-RCV-1]. */
    private Input classify(Record r, Segment seg) {
        int wnd = cfg.receiveBufferBytes();
        if (seg.rst()) {
            if (seg.seqNum() == r.rcvNxt) {
                return Input.RCV_RST;
            }
            return SeqNum.inRange(seg.seqNum(), r.rcvNxt, r.rcvNxt + wnd) ? Input.RCV_RST_NEAR : null;
        }
        if (seg.syn()) {
            return seg.ack() ? Input.RCV_SYN_ACK : Input.RCV_SYN;
        }
        int len = seg.seqLength();
        int seq = seg.seqNum();
        boolean acceptable = len == 0 ? SeqNum.inRange(seq, r.rcvNxt, r.rcvNxt + wnd)
                : SeqNum.inRange(seq, r.rcvNxt, r.rcvNxt + wnd) || SeqNum.inRange(seq + len - 1, r.rcvNxt, r.rcvNxt + wnd);
        if (!acceptable) {
            return Input.RCV_UNACCEPTABLE;
        }
        return SeqNum.gt(seg.ackNum(), r.sndNxt) ? Input.RCV_BAD_ACK : Input.RCV_ACK;
    }

    private void sendAck(Record r, TransportEndpoint endpoint, long nowNanos) {
        int ts = (int) (nowNanos / 1000);
        endpoint.emit(r.key.remote(), new Segment(r.key.localPort(), r.key.remotePort(), r.sndNxt, r.rcvNxt, Segment.ACK,
                cfg.receiveBufferBytes(), ts == 0 ? 1 : ts, r.tsRecent, List.of(), new byte[0]));
    }
}
