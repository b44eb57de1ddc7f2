package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SentSegments}, the sender's scoreboard: cumulative and selective acknowledgement, loss detection (RFC 6675
 * IsLost, RFC 8985 RACK), retransmission bookkeeping and the byte counts behind {@code pipe} [TR-LOSS-4].
 */
class SentSegmentsTest {

    private static final int MSS = 100;
    private static final long MS = 1_000_000L;
    private static final long DUP_THRESH = 3L * MSS;
    private static final long NO_RACK = Long.MAX_VALUE / 4;

    /** Ten segments of 100 bytes from {@code start}, sent 1 ms apart from t = 1 s. */
    private static SentSegments tenSegments(int start) {
        SentSegments s = new SentSegments(16);
        for (int i = 0; i < 10; i++) {
            s.onSent(start + i * MSS, start + (i + 1) * MSS, 1000 * MS + i * MS);
        }
        return s;
    }

    /** {@code pipe} as [TR-LOSS-4] defines it, from what the table says. */
    private static long pipe(SentSegments s) {
        long inFlight = s.size() == 0 ? 0 : s.end(s.size() - 1) - s.seq(0);
        return inFlight - s.sackedBytes() - s.lostBytes() + s.rtxBytes();
    }

    @Test
    @DisplayName("[TR-SACK-3] [TR-BOUND-1] the table holds a power of two entries and says when it is full")
    void isBounded() {
        SentSegments s = new SentSegments(5);
        assertThat(s.capacity()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(s.full()).isFalse();
            s.onSent(i * MSS, (i + 1) * MSS, 0);
        }
        assertThat(s.full()).isTrue();
        assertThat(new SentSegments(16).capacity()).isEqualTo(16);
    }

    @Test
    @DisplayName("[TR-DATA-2] a cumulative ACK removes what it covers and trims a segment it splits")
    void cumulativeAckRemovesAndTrims() {
        SentSegments s = tenSegments(0);
        s.onCumulativeAck(250, 2000 * MS, 0);
        assertThat(s.size()).isEqualTo(8);
        assertThat(s.seq(0)).isEqualTo(250);
        assertThat(s.end(0)).isEqualTo(300);
        assertThat(pipe(s)).isEqualTo(750);
        s.onCumulativeAck(1000, 2000 * MS, 0);
        assertThat(s.size()).isZero();
        assertThat(pipe(s)).isZero();
    }

    @Test
    @DisplayName("[TR-SACK-3] a SACK block marks the segments it covers wholly, once, and pipe falls by their bytes")
    void sackMarksCoveredSegments() {
        SentSegments s = tenSegments(0);
        assertThat(s.onSackBlock(250, 600, 2000 * MS, 0)).as("segments 3, 4, 5").isEqualTo(300);
        assertThat(s.flags(2)).isZero();
        assertThat(s.flags(3)).isEqualTo(SentSegments.SACKED);
        assertThat(s.flags(5)).isEqualTo(SentSegments.SACKED);
        assertThat(s.flags(6)).isZero();
        assertThat(s.onSackBlock(250, 600, 2000 * MS, 0)).as("again: nothing new").isZero();
        assertThat(s.sackedBytes()).isEqualTo(300);
        assertThat(pipe(s)).isEqualTo(700);
    }

    @Test
    @DisplayName("[TR-LOSS-1] a segment with DupThresh x MSS SACKed above it is lost (RFC 6675 IsLost); retransmitting it returns it to pipe")
    void dupThreshMarksLost() {
        SentSegments s = tenSegments(0);
        s.onSackBlock(100, 300, 2000 * MS, 0); // segments 1, 2: 200 bytes above segment 0
        s.detectLoss(2000 * MS, DUP_THRESH, NO_RACK);
        assertThat(s.newlyLost()).isFalse();
        assertThat(s.nextLost()).isEqualTo(-1);
        s.onSackBlock(300, 400, 2000 * MS, 0); // 300 bytes SACKed above segment 0
        s.detectLoss(2000 * MS, DUP_THRESH, NO_RACK);
        assertThat(s.newlyLost()).isTrue();
        assertThat(s.lowestNewlyLost()).isZero();
        assertThat(s.flags(0)).isEqualTo(SentSegments.LOST);
        assertThat(s.lostBytes()).isEqualTo(100);
        assertThat(pipe(s)).isEqualTo(1000 - 300 - 100);
        assertThat(s.nextLost()).as("NextSeg rule 1").isZero();

        s.onRetransmitted(0, 2001 * MS);
        assertThat(s.flags(0)).isEqualTo((byte) (SentSegments.LOST | SentSegments.RTX));
        assertThat(pipe(s)).isEqualTo(1000 - 300 - 100 + 100);
        assertThat(s.nextLost()).as("nothing left to resend").isEqualTo(-1);
    }

    @Test
    @DisplayName("[TR-LOSS-2] RACK: a segment sent before one known delivered is lost once the reordering window passes")
    void rackMarksLostAfterTheWindow() {
        SentSegments s = tenSegments(0);
        s.onSackBlock(900, 1000, 1050 * MS, 0); // the last segment, sent at 1009 ms, is delivered
        assertThat(s.rackValid()).isTrue();
        assertThat(s.rackXmitNanos()).isEqualTo(1009 * MS);
        long deadline = s.detectLoss(1020 * MS, Long.MAX_VALUE, 30 * MS);
        assertThat(s.newlyLost()).isFalse();
        assertThat(deadline).as("segment 0, sent at 1000 ms, is due at 1030 ms").isEqualTo(1030 * MS);
        s.detectLoss(1031 * MS, Long.MAX_VALUE, 30 * MS);
        assertThat(s.newlyLost()).isTrue();
        assertThat(s.flags(0)).isEqualTo(SentSegments.LOST);
        assertThat(s.flags(1)).as("sent at 1001 ms, due at 1031 ms").isEqualTo(SentSegments.LOST);
        assertThat(s.flags(2)).as("due at 1032 ms").isZero();
        assertThat(s.lostBytes()).isEqualTo(200);
    }

    @Test
    @DisplayName("[TR-LOSS-2] a retransmission acknowledged sooner than min_RTT after it was sent gives no RACK time (RFC 8985 §6.2)")
    void spuriousLookingAckGivesNoRackTime() {
        SentSegments s = tenSegments(0);
        s.markLostIfSentOnce(0);
        s.onRetransmitted(0, 1500 * MS);
        s.onCumulativeAck(100, 1501 * MS, 10 * MS);
        assertThat(s.rackValid()).isFalse();
    }

    @Test
    @DisplayName("[TR-RTX-4] on RTO every segment not SACKed is lost and no retransmission is outstanding")
    void rtoMarksAllLost() {
        SentSegments s = tenSegments(0);
        s.onSackBlock(500, 700, 2000 * MS, 0);
        s.markLostIfSentOnce(0);
        s.onRetransmitted(0, 2000 * MS);
        s.markAllLost();
        assertThat(s.lostBytes()).isEqualTo(800);
        assertThat(s.rtxBytes()).isZero();
        assertThat(s.sackedBytes()).isEqualTo(200);
        assertThat(pipe(s)).isZero();
        assertThat(s.nextLost()).isZero();
        assertThat(s.flags(5)).isEqualTo(SentSegments.SACKED);
    }

    @Test
    @DisplayName("[TR-LOSS-4] sequence numbers across 2^32 behave like any others")
    void worksAcrossTheWrap() {
        SentSegments s = tenSegments(0xFFFF_FE00); // 512 below 2^32: segment 5, [2^32 - 12, 88), straddles the wrap
        assertThat(pipe(s)).isEqualTo(1000);
        assertThat(s.onSackBlock(0xFFFF_FF2C, 0x0000_00BC, 2000 * MS, 0)).as("segments 3 to 6").isEqualTo(400);
        s.detectLoss(2000 * MS, DUP_THRESH, NO_RACK);
        assertThat(s.flags(0)).isEqualTo(SentSegments.LOST);
        assertThat(s.flags(2)).isEqualTo(SentSegments.LOST);
        assertThat(s.firstEndingAfter(0x0000_0000)).isEqualTo(5);
        s.onCumulativeAck(0x0000_0064, 2000 * MS, 0);
        assertThat(s.size()).as("segment 6 trimmed to [100, 188), 7, 8, 9").isEqualTo(4);
        assertThat(s.seq(0)).isEqualTo(100);
        assertThat(pipe(s)).as("388 in flight, 88 of them SACKed").isEqualTo(300);
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 300).boxed();
    }

    /**
     * [TR-LOSS-4] Random sends, acknowledgements, SACK blocks, loss detection, retransmissions and RTOs, half the runs
     * across 2^32: the entries stay contiguous from SND.UNA, and the SACKed, lost and retransmitted byte counts equal
     * the sums over the entries' flags, so {@code pipe} stays right.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("[TR-LOSS-4] the byte counts behind pipe always equal the sums over the entries")
    void countsAgreeWithTheEntries(long seed) {
        Random r = new Random(seed);
        int next = seed % 2 == 0 ? 0xFFFF_F000 : r.nextInt();
        int una = next;
        SentSegments s = new SentSegments(32);
        long now = 1000 * MS;
        for (int step = 0; step < 200; step++) {
            now += r.nextInt(5) * MS;
            switch (r.nextInt(7)) {
                case 0, 1 -> {
                    if (!s.full()) {
                        int len = 1 + r.nextInt(MSS);
                        s.onSent(next, next + len, now);
                        next += len;
                    }
                }
                case 2 -> {
                    int ack = una + r.nextInt(next - una + 1);
                    s.onCumulativeAck(ack, now, r.nextInt(3) * MS);
                    una = SeqNum.max(una, ack);
                }
                case 3 -> {
                    int left = una + r.nextInt(next - una + 1);
                    int right = left + r.nextInt(next - left + 1);
                    if (SeqNum.lt(left, right)) {
                        s.onSackBlock(left, right, now, r.nextInt(3) * MS);
                    }
                }
                case 4 -> s.detectLoss(now, DUP_THRESH, r.nextInt(20) * MS);
                case 5 -> {
                    int i = s.nextLost();
                    if (i >= 0) {
                        s.onRetransmitted(i, now);
                    } else if (s.size() > 0 && r.nextBoolean()) {
                        s.markLostIfSentOnce(r.nextInt(s.size()));
                    }
                }
                default -> {
                    if (r.nextInt(4) == 0) {
                        s.markAllLost();
                    }
                }
            }
            long sacked = 0;
            long lost = 0;
            long rtx = 0;
            for (int i = 0; i < s.size(); i++) {
                int len = s.end(i) - s.seq(i);
                check(len > 0, "entry %d has no bytes", i, s, seed, step);
                check(s.seq(i) == (i == 0 ? una : s.end(i - 1)), "entry %d does not start where the previous ends", i, s,
                        seed, step);
                byte f = s.flags(i);
                if ((f & SentSegments.SACKED) != 0) {
                    check(f == SentSegments.SACKED, "SACKed entry %d has another flag", i, s, seed, step);
                    sacked += len;
                    continue;
                }
                if ((f & SentSegments.LOST) != 0) {
                    lost += len;
                }
                if ((f & SentSegments.RTX) != 0) {
                    rtx += len;
                }
            }
            check(s.size() == 0 || s.end(s.size() - 1) == next, "the last entry does not end at SND.NXT", 0, s, seed, step);
            check(s.sackedBytes() == sacked, "sackedBytes %d, entries say " + sacked, (int) s.sackedBytes(), s, seed, step);
            check(s.lostBytes() == lost, "lostBytes %d, entries say " + lost, (int) s.lostBytes(), s, seed, step);
            check(s.rtxBytes() == rtx, "rtxBytes %d, entries say " + rtx, (int) s.rtxBytes(), s, seed, step);
            int lowest = s.nextLost();
            for (int i = 0; i < (lowest < 0 ? s.size() : lowest); i++) {
                check(s.flags(i) != SentSegments.LOST, "NextSeg skipped lost entry %d", i, s, seed, step);
            }
        }
    }

    private static void check(boolean ok, String what, int value, SentSegments s, long seed, int step) {
        if (!ok) {
            fail(String.format(what, value) + " at step " + step + " of seed " + seed + ", " + s.size() + " entries");
        }
    }
}
