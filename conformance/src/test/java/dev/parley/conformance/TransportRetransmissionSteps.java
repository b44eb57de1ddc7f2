package dev.parley.conformance;

import static dev.parley.conformance.transport.SegmentTesterCodec.plus;

import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.SackBlock;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Steps where the tester plays a receiver that never acknowledges one segment, so only the sender's
 * retransmission timer can repair it (spec/transport.md [TR-RTX-3] [TR-RTX-4] [TR-RTX-6] [TR-LOSS-3]).
 * Every wait is bounded and scaled by the IUT's {@code timing_scale}.
 */
public final class TransportRetransmissionSteps {

    /** The spec's default max_rto [TR-RTX-3], before {@code time_scale}. */
    private static final Duration MAX_RTO = Duration.ofSeconds(30);

    private final World world;
    private final Network network;

    public TransportRetransmissionSteps(World world, Network network) {
        this.world = world;
        this.network = network;
    }

    @Then("the tester, acknowledging every data segment but the third, sees node {string} retransmit that one at least {int} times, at intervals that double, within {int} seconds")
    public void withholdOneSegment(String node, int times, int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long start = plus(t.irs(), 1);
            // The stream offsets the tester holds, as [offset, end) ranges, and the one it never acknowledges.
            TreeMap<Long, Long> held = new TreeMap<>();
            long withheld = -1;
            int distinct = 0;
            List<Long> sentAtNanos = new ArrayList<>();
            long deadline = System.nanoTime() + world.scaled(Duration.ofSeconds(seconds)).toNanos();
            long maxRto = (long) (MAX_RTO.toNanos() * world.timeScale());
            boolean reset = false;
            while (true) {
                long until = deadline;
                if (sentAtNanos.size() >= times + 1) {
                    // Enough seen: wait only for one more doubled expiry, so the gaps checked are the last ones.
                    int n = sentAtNanos.size();
                    long lastGap = sentAtNanos.get(n - 1) - sentAtNanos.get(n - 3);
                    until = Math.min(deadline, sentAtNanos.get(sentAtNanos.size() - 1)
                            + Math.min(3 * lastGap, 2 * maxRto) + world.scaled(Duration.ofMillis(500)).toNanos());
                }
                long left = until - System.nanoTime();
                Optional<Segment> next = left <= 0 ? Optional.empty() : t.awaitSegment(s -> true, Duration.ofNanos(left));
                if (next.isEmpty()) {
                    break;
                }
                Segment s = next.get();
                if (s.rst()) {
                    reset = true;
                    break;
                }
                if (s.data().length == 0) {
                    continue;
                }
                long offset = s.seqNum() - start & 0xffffffffL;
                if (withheld < 0 && !held.containsKey(offset) && ++distinct == 3) {
                    withheld = offset;
                }
                if (offset == withheld) {
                    sentAtNanos.add(System.nanoTime());
                    continue;
                }
                held.merge(offset, offset + s.data().length, Math::max);
                acknowledge(t, start, held, s.tsVal());
            }
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < sentAtNanos.size(); i++) {
                gaps.add(sentAtNanos.get(i) - sentAtNanos.get(i - 1));
            }
            String seen = "the node sent the withheld segment (stream offset " + withheld + ") " + sentAtNanos.size()
                    + " times, at gaps of " + gaps.stream().map(g -> g / 1_000_000 + " ms").toList()
                    + (reset ? ", then reset" : "");
            if (sentAtNanos.size() < times + 1) {
                throw world.failure(Verdict.WRONG, "a segment that is never acknowledged MUST be retransmitted on "
                        + "every expiry of the retransmission timer until max_retransmissions [TR-RTX-4] [TR-RTX-6], "
                        + "after fast retransmit and at most 3 tail loss probes [TR-LOSS-3]; expected at least " + times
                        + " retransmissions within " + seconds + " s: " + seen);
            }
            // The last transmissions are driven by the retransmission timer, each expiry doubling the RTO up to
            // max_rto [TR-RTX-3]; a tail loss probe may sit between two expiries [TR-LOSS-3], so the check
            // compares spans of two gaps, each at least 1.5 x the one before (the spec says 2 x per expiry; the
            // rest is left to timer granularity and a loaded machine), unless the earlier span nears max_rto.
            for (int end = gaps.size() - 2; end < gaps.size(); end++) {
                long span = gaps.get(end) + gaps.get(end - 1);
                long before = gaps.get(end - 2) + gaps.get(end - 3);
                if (span < before * 3 / 2 && before < maxRto * 8 / 10) {
                    throw world.failure(Verdict.WRONG, "each expiry of the retransmission timer MUST double the RTO, "
                            + "up to max_rto = " + maxRto / 1_000_000 + " ms [TR-RTX-3]: " + seen);
                }
            }
        });
    }

    /** ACK up to the first hole, with SACK blocks for what the tester holds above it, the highest 4 [TR-SACK-1]. */
    private static void acknowledge(TransportTester t, long start, TreeMap<Long, Long> held, long tsEcr) {
        long cumulative = 0;
        List<SackBlock> blocks = new ArrayList<>();
        long left = -1;
        long right = -1;
        for (Map.Entry<Long, Long> e : held.entrySet()) {
            if (left < 0 && e.getKey() <= cumulative) {
                cumulative = Math.max(cumulative, e.getValue());
            } else if (left >= 0 && e.getKey() <= right) {
                right = Math.max(right, e.getValue());
            } else {
                if (left >= 0) {
                    blocks.add(new SackBlock(plus(start, left), plus(start, right)));
                }
                left = e.getKey();
                right = e.getValue();
            }
        }
        if (left >= 0) {
            blocks.add(new SackBlock(plus(start, left), plus(start, right)));
        }
        List<SackBlock> sent = blocks.size() > SegmentTesterCodec.MAX_SACK_BLOCKS
                ? blocks.subList(blocks.size() - SegmentTesterCodec.MAX_SACK_BLOCKS, blocks.size()) : blocks;
        t.sendSegment(new Segment(t.localPort(), t.remotePort(), t.sndNxt(), plus(start, cumulative),
                SegmentTesterCodec.ACK, TransportTester.WINDOW, t.tsVal(), tsEcr, sent, new byte[0]),
                "ACK " + cumulative + " SACK " + sent);
    }
}
