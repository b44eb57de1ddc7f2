package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequence-number arithmetic modulo 2^32 (spec/transport.md, "Sequence space"; RFC 9293 §3.4), across the wrap from
 * 2^32 - 1 to 0.
 */
class SeqNumTest {

    private static final int TOP = 0xFFFF_FFFF; // 2^32 - 1

    @Test
    @DisplayName("2^32 - 1 is before 0, and 0 after it")
    void ordersAcrossTheWrap() {
        assertThat(SeqNum.lt(TOP, 0)).isTrue();
        assertThat(SeqNum.gt(0, TOP)).isTrue();
        assertThat(SeqNum.lt(0, TOP)).isFalse();
        assertThat(SeqNum.gt(TOP, 0)).isFalse();
        assertThat(SeqNum.leq(TOP, 0)).isTrue();
        assertThat(SeqNum.geq(0, TOP)).isTrue();
        assertThat(SeqNum.lt(0xFFFF_FFF0, 0x10)).isTrue();
        assertThat(SeqNum.max(0xFFFF_FFF0, 0x10)).isEqualTo(0x10);
        assertThat(SeqNum.min(0xFFFF_FFF0, 0x10)).isEqualTo(0xFFFF_FFF0);
    }

    @Test
    @DisplayName("a number is neither before nor after itself")
    void equalIsNeitherBeforeNorAfter() {
        for (int x : new int[] {0, 1, TOP, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(SeqNum.lt(x, x)).isFalse();
            assertThat(SeqNum.gt(x, x)).isFalse();
            assertThat(SeqNum.leq(x, x)).isTrue();
            assertThat(SeqNum.geq(x, x)).isTrue();
        }
    }

    @Test
    @DisplayName("the order holds up to 2^31 - 1 apart, whichever half of the space")
    void ordersUpToHalfTheSpaceApart() {
        assertThat(SeqNum.lt(0, Integer.MAX_VALUE)).isTrue();
        assertThat(SeqNum.gt(Integer.MAX_VALUE, 0)).isTrue();
        assertThat(SeqNum.lt(Integer.MIN_VALUE, TOP)).isTrue(); // 2^31 .. 2^32 - 1
        assertThat(SeqNum.lt(0x8000_0001, 0)).isTrue(); // 0 is 2^31 - 1 after 2^31 + 1, across the wrap
        assertThat(SeqNum.gt(0, 0x8000_0001)).isTrue();
    }

    @Test
    @DisplayName("numbers exactly 2^31 apart are unordered: b - a is not positive either way (found by SegmentCodecFuzzTest)")
    void halfTheSpaceApartIsUnordered() {
        int[][] pairs = {{0, Integer.MIN_VALUE}, {9, 0x8000_0009}, {TOP, Integer.MAX_VALUE}};
        for (int[] p : pairs) {
            for (int k = 0; k < 2; k++) {
                int a = p[k];
                int b = p[1 - k];
                assertThat(SeqNum.lt(a, b)).as("%08x < %08x", a, b).isFalse();
                assertThat(SeqNum.gt(a, b)).as("%08x > %08x", a, b).isFalse();
                assertThat(SeqNum.leq(a, b)).as("%08x <= %08x", a, b).isFalse();
                assertThat(SeqNum.geq(a, b)).as("%08x >= %08x", a, b).isFalse();
            }
        }
    }

    @Test
    @DisplayName("inRange is the half-open interval [lo, hi), also when it spans the wrap")
    void rangeSpansTheWrap() {
        int lo = 0xFFFF_FFFE;
        int hi = 2;
        assertThat(SeqNum.inRange(lo, lo, hi)).isTrue();
        assertThat(SeqNum.inRange(TOP, lo, hi)).isTrue();
        assertThat(SeqNum.inRange(0, lo, hi)).isTrue();
        assertThat(SeqNum.inRange(1, lo, hi)).isTrue();
        assertThat(SeqNum.inRange(2, lo, hi)).isFalse();
        assertThat(SeqNum.inRange(lo - 1, lo, hi)).isFalse();
        assertThat(SeqNum.inRange(5, 5, 5)).as("an empty range holds nothing").isFalse();
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 200).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("for any a and any 0 < d < 2^31: a < a + d, whatever the wrap")
    void additionMovesForward(long seed) {
        Random r = new Random(seed);
        int a = seed < 20 ? TOP - (int) seed : r.nextInt(); // the first cases sit just below 2^32
        int d = 1 + r.nextInt(Integer.MAX_VALUE);
        int b = a + d;
        assertThat(SeqNum.lt(a, b)).isTrue();
        assertThat(SeqNum.leq(a, b)).isTrue();
        assertThat(SeqNum.gt(b, a)).isTrue();
        assertThat(SeqNum.geq(b, a)).isTrue();
        assertThat(SeqNum.lt(b, a)).isFalse();
        assertThat(SeqNum.gt(a, b)).isFalse();
        assertThat(SeqNum.max(a, b)).isEqualTo(b);
        assertThat(SeqNum.min(a, b)).isEqualTo(a);
        assertThat(SeqNum.inRange(a, a, b)).isTrue();
        assertThat(SeqNum.inRange(b - 1, a, b)).isTrue();
        assertThat(SeqNum.inRange(b, a, b)).isFalse();
        assertThat(SeqNum.inRange(a - 1, a, b)).isFalse();
    }
}
