package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RangeSet}, the receiver's bounded record of out-of-order data [TR-REASM-2], also across 2^32. */
class RangeSetTest {

    private static final int NEAR_WRAP = 0xFFFF_F000; // 4096 below 2^32

    @Test
    @DisplayName("[TR-REASM-2] overlapping and adjacent ranges merge; disjoint ones stay apart, sorted")
    void mergesOverlappingAndAdjacentRanges() {
        RangeSet set = new RangeSet(4);
        assertThat(set.add(100, 200)).isTrue();
        assertThat(set.add(300, 400)).isTrue();
        assertThat(set.add(0, 50)).isTrue();
        assertThat(set.toString()).isEqualTo("{[0,50)[100,200)[300,400)}");
        assertThat(set.add(200, 250)).as("adjacent").isTrue();
        assertThat(set.toString()).isEqualTo("{[0,50)[100,250)[300,400)}");
        assertThat(set.add(40, 320)).as("spanning three").isTrue();
        assertThat(set.toString()).isEqualTo("{[0,400)}");
        assertThat(set.covered()).isEqualTo(400);
        assertThat(set.add(10, 20)).as("inside").isTrue();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-REASM-2] a range that would exceed the bound is refused and changes nothing")
    void refusesBeyondTheBound() {
        RangeSet set = new RangeSet(2);
        set.add(0, 10);
        set.add(20, 30);
        assertThat(set.add(40, 50)).isFalse();
        assertThat(set.toString()).isEqualTo("{[0,10)[20,30)}");
        assertThat(set.add(5, 25)).as("a merge needs no new slot").isTrue();
        assertThat(set.toString()).isEqualTo("{[0,30)}");
    }

    @Test
    @DisplayName("[TR-REASM-2] trimBelow forgets what lies below a sequence number and cuts a range it splits")
    void trimsBelow() {
        RangeSet set = new RangeSet(4);
        set.add(0, 10);
        set.add(20, 30);
        set.add(40, 50);
        set.trimBelow(25);
        assertThat(set.toString()).isEqualTo("{[25,30)[40,50)}");
        set.trimBelow(30);
        assertThat(set.toString()).isEqualTo("{[40,50)}");
        set.trimBelow(60);
        assertThat(set.size()).isZero();
        assertThat(set.highEnd(7)).isEqualTo(7);
    }

    @Test
    @DisplayName("[TR-REASM-2] queries: indexOf, coveredIn, nextStartAfter, highEnd")
    void answersQueries() {
        RangeSet set = new RangeSet(4);
        set.add(10, 20);
        set.add(30, 40);
        assertThat(set.indexOf(10)).isZero();
        assertThat(set.indexOf(19)).isZero();
        assertThat(set.indexOf(20)).isEqualTo(-1);
        assertThat(set.indexOf(35)).isEqualTo(1);
        assertThat(set.coveredIn(15, 35)).isEqualTo(10);
        assertThat(set.coveredIn(0, 100)).isEqualTo(20);
        assertThat(set.nextStartAfter(11, 100)).isEqualTo(30);
        assertThat(set.nextStartAfter(5, 100)).isEqualTo(10);
        assertThat(set.nextStartAfter(5, 8)).as("limited").isEqualTo(8);
        assertThat(set.nextStartAfter(31, 100)).as("none").isEqualTo(100);
        assertThat(set.highEnd(0)).isEqualTo(40);
    }

    @Test
    @DisplayName("[TR-REASM-2] ranges on both sides of 2^32 order and merge in sequence space")
    void worksAcrossTheWrap() {
        RangeSet set = new RangeSet(4);
        set.add(0xFFFF_FFF0, 0xFFFF_FFF8);
        set.add(8, 16);
        set.add(0xFFFF_FFFC, 4);
        assertThat(set.toString()).isEqualTo("{[4294967280,4294967288)[4294967292,4)[8,16)}");
        assertThat(set.covered()).isEqualTo(8 + 8 + 8);
        set.add(4, 8);
        assertThat(set.toString()).isEqualTo("{[4294967280,4294967288)[4294967292,16)}");
        assertThat(set.indexOf(0)).isEqualTo(1);
        assertThat(set.coveredIn(0xFFFF_FFFE, 2)).isEqualTo(4);
        set.trimBelow(1);
        assertThat(set.toString()).isEqualTo("{[1,16)}");
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 300).boxed();
    }

    /**
     * [TR-REASM-2] Random adds and trims, half the runs straddling 2^32, against a bit set: the ranges are sorted,
     * disjoint, never adjacent, at most the bound in number, and cover exactly the model's bits; a refused add
     * changes nothing.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("[TR-REASM-2] random adds and trims agree with a bit-set model")
    void agreesWithABitSetModel(long seed) {
        Random r = new Random(seed);
        int base = seed % 2 == 0 ? NEAR_WRAP : r.nextInt();
        int bound = 1 + r.nextInt(6);
        RangeSet set = new RangeSet(bound);
        BitSet model = new BitSet();
        int floor = 0; // offsets below it were trimmed
        for (int step = 0; step < 60; step++) {
            if (r.nextInt(8) == 0) {
                floor = Math.min(8192, floor + r.nextInt(400));
                set.trimBelow(base + floor);
                model.clear(0, floor);
            } else {
                int from = floor + r.nextInt(8192 - floor + 1);
                int to = Math.min(8192, from + 1 + r.nextInt(300));
                if (from >= to) {
                    continue;
                }
                BitSet candidate = (BitSet) model.clone();
                candidate.set(from, to);
                String before = set.toString();
                boolean added = set.add(base + from, base + to);
                assertThat(added).as("add [%d, %d) to %s, bound %d", from, to, before, bound)
                        .isEqualTo(runs(candidate) <= bound);
                if (added) {
                    model = candidate;
                } else {
                    assertThat(set.toString()).as("a refused add changes nothing").isEqualTo(before);
                }
            }
            List<int[]> expected = new ArrayList<>();
            for (int i = model.nextSetBit(0); i >= 0; i = model.nextSetBit(model.nextClearBit(i))) {
                expected.add(new int[] {base + i, base + model.nextClearBit(i)});
            }
            assertThat(set.size()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(new int[] {set.start(i), set.end(i)}).as("range %d of %s", i, set).isEqualTo(expected.get(i));
            }
            assertThat(set.covered()).isEqualTo(model.cardinality());
            int probe = r.nextInt(8192);
            assertThat(set.indexOf(base + probe) >= 0).isEqualTo(model.get(probe));
        }
    }

    private static int runs(BitSet bits) {
        int n = 0;
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(bits.nextClearBit(i))) {
            n++;
        }
        return n;
    }
}
