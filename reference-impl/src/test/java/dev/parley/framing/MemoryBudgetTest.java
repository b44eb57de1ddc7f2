package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One memory budget for all connections of a node [FR-MEM-1] [FR-MEM-2]. */
class MemoryBudgetTest {

    private static final int MIB = 1024 * 1024;

    private final List<String> resets = new ArrayList<>();

    /** A header announcing {@code length} bytes, as a peer writes it. */
    private static byte[] header(long length) {
        return new byte[] {1, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static FramingError feed(FrameDecoder decoder, int bytes) {
        return decoder.feed(new byte[bytes], 0, bytes, message -> { });
    }

    @Test
    @DisplayName("[FR-MEM-2] partial frames past the budget: the largest other connection is reset, the asker goes on")
    void largestConsumerIsReset() {
        MemoryBudget budget = new MemoryBudget(5L * MIB);
        MemoryBudget.Account a = budget.open(() -> resets.add("a"));
        MemoryBudget.Account b = budget.open(() -> resets.add("b"));
        MemoryBudget.Account c = budget.open(() -> resets.add("c"));
        FrameDecoder da = new FrameDecoder(16 * MIB, a);
        FrameDecoder db = new FrameDecoder(16 * MIB, b);
        FrameDecoder dc = new FrameDecoder(16 * MIB, c);
        assertThat(da.feed(header(16 * MIB), 0, 5, m -> { })).isNull();
        assertThat(feed(da, 3 * MIB)).isNull();             // a holds 3 MiB
        assertThat(db.feed(header(16 * MIB), 0, 5, m -> { })).isNull();
        assertThat(feed(db, MIB)).isNull();                 // b holds 1 MiB
        assertThat(budget.usedBytes()).isEqualTo(4L * MIB);
        assertThat(dc.feed(header(16 * MIB), 0, 5, m -> { })).isNull();
        assertThat(feed(dc, MIB)).isNull();                 // c asks for 1 MiB: 5 MiB in all, within the budget
        assertThat(resets).isEmpty();
        assertThat(feed(dc, 1)).isNull();                   // c grows to 2 MiB: a (3 MiB), the largest, is reset
        assertThat(resets).containsExactly("a");
        assertThat(budget.usedBytes()).isEqualTo(3L * MIB).isLessThanOrEqualTo(budget.maxMemoryBytes());
        assertThat(budget.resets()).isEqualTo(1);
    }

    @Test
    @DisplayName("[FR-MEM-2] the connection that asks and holds the most is refused with FR_MEMORY; the others stay")
    void askerThatHoldsTheMostIsRefused() {
        MemoryBudget budget = new MemoryBudget(2L * MIB);
        MemoryBudget.Account a = budget.open(() -> resets.add("a"));
        MemoryBudget.Account b = budget.open(() -> resets.add("b"));
        FrameDecoder da = new FrameDecoder(16 * MIB, a);
        FrameDecoder db = new FrameDecoder(16 * MIB, b);
        da.feed(header(16 * MIB), 0, 5, m -> { });
        db.feed(header(100), 0, 5, m -> { });
        assertThat(feed(db, 50)).isNull();                  // b holds 100 bytes
        assertThat(feed(da, MIB)).isNull();                 // a holds 1 MiB
        assertThat(feed(da, MIB)).isEqualTo(FramingError.FR_MEMORY);
        assertThat(resets).isEmpty();                       // a is refused through its own error, b untouched
        assertThat(feed(da, 1)).isEqualTo(FramingError.FR_MEMORY); // and stays ended
        assertThat(b.bytes()).isEqualTo(100);
    }

    @Test
    @DisplayName("[FR-MEM-1] a delivered message returns its bytes; a closed account returns all of them")
    void memoryIsReturned() {
        MemoryBudget budget = new MemoryBudget(2L * MIB);
        MemoryBudget.Account a = budget.open(() -> resets.add("a"));
        FrameDecoder da = new FrameDecoder(16 * MIB, a);
        List<byte[]> delivered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            da.feed(header(MIB), 0, 5, m -> { });
            assertThat(da.feed(new byte[MIB], 0, MIB, delivered::add)).isNull();
        }
        assertThat(delivered).hasSize(10);
        assertThat(budget.usedBytes()).isZero();
        a.adjust(128 * 1024);                               // transport buffers, counted as they are
        da.feed(header(MIB), 0, 5, m -> { });
        feed(da, 1000);
        assertThat(budget.usedBytes()).isEqualTo(128 * 1024 + 64 * 1024);
        a.close();
        assertThat(budget.usedBytes()).isZero();
    }
}
