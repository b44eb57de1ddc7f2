package dev.parley.conformance.transport;

import static dev.parley.conformance.transport.SegmentTesterCodec.plus;

import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec.SackBlock;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The tester as the receiver of a node's byte stream on a {@link TransportTester} connection, playing the
 * network too: every data segment the node sends either arrives ({@link Fate#ACCEPT}) or is lost on purpose
 * ({@link Fate#DROP}), and each one that arrives is acknowledged a fixed delay later, so that the connection has
 * a round-trip time the tester chooses. The acknowledgement is built when the segment arrives (ack_num up to the
 * first hole, SACK blocks above it [TR-SACK-1] [TR-SACK-2], {@code ts_ecr} = the segment's {@code ts_val}) and
 * sent when its delay has passed, in arrival order, as a link with a constant delay would carry it.
 *
 * <p>It counts what the sender has in flight as the tester sees it: the bytes of every transmission that arrived
 * and whose acknowledgement the tester has not yet sent (a dropped one is lost and counts nothing, as the
 * sender's {@code pipe} stops counting it once it presumes it lost, spec/transport.md [TR-LOSS-4]). With the
 * acknowledgement delay well above the node's sending time, each of the node's bursts is one round trip: a
 * segment the node sent after it had processed the acknowledgement of a round-{@code k} segment belongs to round
 * {@code k + 1}. The node says which acknowledgement it had processed: its {@code ts_ecr} echoes the
 * {@code ts_val} of the latest one [TR-ACK-1], so rounds do not depend on when the tester got to read a segment.
 * Stream offsets count from the node's first data byte (its ISS + 1), modulo 2^32. One thread
 * uses it at a time; every wait is bounded.
 */
public final class StreamReceiver {

    /** What happens to one data segment of the node on its way to the tester. */
    public enum Fate { ACCEPT, DROP }

    /** Decides the fate of each data segment as it arrives. */
    @FunctionalInterface
    public interface Policy {
        Fate fate(long offset, int length, boolean retransmission);
    }

    /**
     * One data segment of the node as the tester saw it.
     *
     * @param atNanos        when it arrived ({@link System#nanoTime()})
     * @param offset         its first byte's stream offset
     * @param length         its data bytes
     * @param retransmission whether it starts below the highest stream offset seen before it
     * @param dropped        whether the tester treated it as lost
     * @param round          its round trip, counted from 0 at the first data segment
     * @param tsVal          the node's clock when it sent the segment, microseconds [TR-RTT-2]
     */
    public record Arrival(long atNanos, long offset, int length, boolean retransmission, boolean dropped, int round,
                          long tsVal) {
        @Override
        public String toString() {
            return (retransmission ? "rtx " : "") + "[" + offset + ", " + (offset + length) + ")"
                    + (dropped ? " dropped" : "") + " round " + round;
        }
    }

    /** The bytes in flight as the tester sees them, from {@code atNanos} on. */
    public record Sample(long atNanos, long outstanding) {
    }

    private record PendingAck(long dueNanos, Segment ack, int length, int round, long cumulative) {
    }

    /** At most this many arrivals are kept for the checks; a scenario that needs more is too long. */
    private static final int MAX_ARRIVALS = 100_000;

    private final TransportTester tester;
    private final long start;
    private final long delayNanos;
    private final byte[] kept;
    private final TreeMap<Long, Long> held = new TreeMap<>();
    private final ArrayDeque<PendingAck> pending = new ArrayDeque<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    /** The acknowledgements sent: when, the cumulative offset, the right edge of the first SACK block (0: none). */
    private final List<long[]> acks = new ArrayList<>();
    /** The round of the segment each acknowledgement acknowledges, by the acknowledgement's {@code ts_val}. */
    private final TreeMap<Long, Integer> roundByAckTsVal = new TreeMap<>();
    private long highestEnd;
    private long outstanding;
    private long acknowledged;
    private int unexpectedGaps;

    /**
     * @param tester    an open connection of the tester
     * @param ackDelay  how long after a segment arrives its acknowledgement is sent
     * @param keepBytes how many bytes from the stream's start to keep for {@link #bytes}
     */
    public StreamReceiver(TransportTester tester, Duration ackDelay, int keepBytes) {
        this.tester = tester;
        this.start = plus(tester.irs(), 1);
        this.delayNanos = ackDelay.toNanos();
        this.kept = new byte[keepBytes];
        samples.add(new Sample(System.nanoTime(), 0));
    }

    /**
     * Receives the node's segments, sending acknowledgements as they fall due, until {@code done} holds
     * (checked after every arrival and every acknowledgement sent) or {@code timeout} passes.
     *
     * @return whether {@code done} held
     * @throws IutException WRONG if the node resets the connection or sends data beyond the window
     */
    public boolean receiveUntil(Policy policy, Predicate<StreamReceiver> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            long now = System.nanoTime();
            if (!pending.isEmpty() && now - pending.peekFirst().dueNanos() >= 0) {
                sendDue();
                continue;
            }
            if (now - deadline >= 0) {
                return false;
            }
            long until = pending.isEmpty() ? deadline : Math.min(deadline, pending.peekFirst().dueNanos());
            Optional<Segment> next = tester.awaitSegment(s -> true, Duration.ofNanos(Math.max(1, until - now)));
            if (next.isPresent()) {
                onSegment(next.get(), policy);
            }
        }
        return true;
    }

    private void onSegment(Segment s, Policy policy) {
        if (s.rst()) {
            throw new IutException(Verdict.WRONG, "the node reset the connection while sending its stream: " + s
                    + "; received so far up to stream offset " + acknowledged);
        }
        if (s.syn() || s.data().length == 0) {
            return;
        }
        long now = System.nanoTime();
        long offset = (s.seqNum() - start) & 0xffffffffL;
        if (offset > (1L << 31)) {
            return; // before the stream's start: an old duplicate, nothing to count
        }
        int length = s.data().length;
        boolean retransmission = offset < highestEnd;
        if (offset > highestEnd) {
            unexpectedGaps++;
        }
        highestEnd = Math.max(highestEnd, offset + length);
        Fate fate = policy.fate(offset, length, retransmission);
        Map.Entry<Long, Integer> processed = roundByAckTsVal.floorEntry(s.tsEcr());
        int round = processed == null ? 0 : processed.getValue() + 1;
        if (arrivals.size() < MAX_ARRIVALS) {
            arrivals.add(new Arrival(now, offset, length, retransmission, fate == Fate.DROP, round, s.tsVal()));
        }
        if (fate == Fate.DROP) {
            return;
        }
        keep(offset, s.data());
        hold(offset, offset + length);
        long cumulative = held.isEmpty() || held.firstKey() > 0 ? 0 : held.firstEntry().getValue();
        Segment ack = new Segment(tester.localPort(), tester.remotePort(), tester.sndNxt(), plus(start, cumulative),
                SegmentTesterCodec.ACK, TransportTester.WINDOW, tester.tsVal(), s.tsVal(), sackBlocks(cumulative, offset),
                new byte[0]);
        pending.addLast(new PendingAck(now + delayNanos, ack, length, round, cumulative));
        roundByAckTsVal.merge(ack.tsVal(), round, Math::max);
        outstanding += length;
        samples.add(new Sample(now, outstanding));
    }

    private void sendDue() {
        PendingAck due = pending.pollFirst();
        if (acks.size() < MAX_ARRIVALS) {
            acks.add(new long[] {System.nanoTime(), due.cumulative(), due.ack().sackBlocks().isEmpty() ? 0
                    : (due.ack().sackBlocks().get(0).rightEdge() - start) & 0xffffffffL});
        }
        tester.sendSegment(due.ack(), "delayed ACK " + due.cumulative() + " SACK " + due.ack().sackBlocks());
        outstanding -= due.length();
        acknowledged = Math.max(acknowledged, due.cumulative());
        samples.add(new Sample(System.nanoTime(), outstanding));
    }

    /** Adds {@code [from, to)} to what the tester holds, merging neighbours. */
    private void hold(long from, long to) {
        Map.Entry<Long, Long> before = held.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
        }
        Map.Entry<Long, Long> after = held.ceilingEntry(from);
        while (after != null && after.getKey() <= to) {
            to = Math.max(to, after.getValue());
            held.remove(after.getKey());
            after = held.ceilingEntry(from);
        }
        held.put(from, to);
    }

    /** Up to 4 blocks above {@code cumulative}: first the one holding {@code latest}, then the others in order. */
    private List<SackBlock> sackBlocks(long cumulative, long latest) {
        List<SackBlock> blocks = new ArrayList<>();
        Map.Entry<Long, Long> first = held.floorEntry(latest);
        if (first != null && first.getKey() > cumulative) {
            blocks.add(new SackBlock(plus(start, first.getKey()), plus(start, first.getValue())));
        }
        for (Map.Entry<Long, Long> e : held.tailMap(cumulative, false).entrySet()) {
            if (blocks.size() == SegmentTesterCodec.MAX_SACK_BLOCKS) {
                break;
            }
            if (first == null || !e.getKey().equals(first.getKey())) {
                blocks.add(new SackBlock(plus(start, e.getKey()), plus(start, e.getValue())));
            }
        }
        return blocks;
    }

    private void keep(long offset, byte[] data) {
        if (offset < kept.length) {
            System.arraycopy(data, 0, kept, (int) offset, (int) Math.min(data.length, kept.length - offset));
        }
    }

    /** The stream's first {@code length} bytes, once the tester holds them all in order (at most {@code keepBytes}). */
    public Optional<byte[]> bytes(int length) {
        if (length > kept.length) {
            throw new IllegalArgumentException("the receiver keeps only " + kept.length + " bytes, not " + length);
        }
        if (contiguous() < length) {
            return Optional.empty();
        }
        byte[] out = new byte[length];
        System.arraycopy(kept, 0, out, 0, length);
        return Optional.of(out);
    }

    /** The stream bytes the tester holds in order from offset 0. */
    public long contiguous() {
        return held.isEmpty() || held.firstKey() > 0 ? 0 : held.firstEntry().getValue();
    }

    /** The highest stream offset the node has sent, plus one. */
    public long highestEnd() {
        return highestEnd;
    }

    /** The cumulative acknowledgement (a stream offset) of the last acknowledgement sent. */
    public long acknowledged() {
        return acknowledged;
    }

    /** The bytes in flight now, as the tester sees them. */
    public long outstanding() {
        return outstanding;
    }

    /** Whether an acknowledgement is still waiting for its time. */
    public boolean acknowledgementsPending() {
        return !pending.isEmpty();
    }

    /** The largest number of bytes in flight from {@code fromNanos} to {@code toNanos}. */
    public long maxOutstanding(long fromNanos, long toNanos) {
        long max = 0;
        for (Sample sample : samples) {
            if (sample.atNanos() - toNanos > 0) {
                break;
            }
            if (sample.atNanos() - fromNanos <= 0) {
                max = sample.outstanding(); // the value at fromNanos
            } else {
                max = Math.max(max, sample.outstanding());
            }
        }
        return max;
    }

    /** Every data segment seen, oldest first. */
    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The latest arrival, if any. */
    public Optional<Arrival> last() {
        return arrivals.isEmpty() ? Optional.empty() : Optional.of(arrivals.get(arrivals.size() - 1));
    }

    /** Segments that started beyond everything seen before: data lost between the node and the tester unasked. */
    public int unexpectedGaps() {
        return unexpectedGaps;
    }

    /**
     * The bytes of the arrivals of each round from {@code firstRound} on, in round order: accepted ones only, that
     * arrived at or after {@code fromNanos}.
     */
    public List<Long> roundBytes(int firstRound, long fromNanos) {
        List<Long> rounds = new ArrayList<>();
        for (Arrival a : arrivals) {
            if (a.round() < firstRound || a.dropped() || a.atNanos() - fromNanos < 0) {
                continue;
            }
            int i = a.round() - firstRound;
            while (rounds.size() <= i) {
                rounds.add(0L);
            }
            rounds.set(i, rounds.get(i) + a.length());
        }
        return rounds;
    }

    /**
     * What happened from {@code fromNanos} to {@code toNanos}, for a failure message: arrivals as
     * {@code +ms offset+length} ({@code rtx}, {@code lost}), acknowledgements as {@code +ms ACK cumulative/sack}.
     */
    public String timeline(long fromNanos, long toNanos, int limit) {
        List<String> events = new ArrayList<>();
        int a = 0;
        int k = 0;
        while ((a < arrivals.size() || k < acks.size()) && events.size() < limit) {
            boolean arrival = k >= acks.size() || (a < arrivals.size() && arrivals.get(a).atNanos() - acks.get(k)[0] <= 0);
            long at = arrival ? arrivals.get(a).atNanos() : acks.get(k)[0];
            if (at - toNanos > 0) {
                break;
            }
            String text;
            if (arrival) {
                Arrival x = arrivals.get(a++);
                text = x.offset() + "+" + x.length() + (x.retransmission() ? " rtx" : "") + (x.dropped() ? " lost" : "");
            } else {
                long[] ack = acks.get(k++);
                text = "ACK " + ack[1] + (ack[2] != 0 ? "/" + ack[2] : "");
            }
            if (at - fromNanos >= 0) {
                events.add("+" + (at - fromNanos) / 1_000_000 + " " + text);
            }
        }
        return String.join(", ", events);
    }

    @Override
    public String toString() {
        return "StreamReceiver[delay " + delayNanos / 1_000_000 + " ms, highest " + highestEnd + ", acknowledged "
                + acknowledged + ", in flight " + outstanding + ", held " + held + ", unexpected gaps " + unexpectedGaps
                + "]";
    }
}
