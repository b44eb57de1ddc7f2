package dev.parley.transport;

/**
 * A bounded, sorted set of disjoint half-open sequence ranges [start, end), merged on insert. Used for the
 * receiver's out-of-order data [TR-REASM-2]. All ranges lie within
 * 2^31 of each other, so modular comparison orders them. No allocation after construction.
 */
final class RangeSet {

    private final int[] starts;
    private final int[] ends;
    private int count;

    RangeSet(int maxRanges) {
        starts = new int[maxRanges + 1];
        ends = new int[maxRanges + 1];
    }

    int size() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    void clear() {
        count = 0;
    }

    /**
     * Adds [start, end), merging with overlapping or adjacent ranges.
     *
     * @return false, and no change, when the result would exceed the bound
     */
    boolean add(int start, int end) {
        int i = 0;
        while (i < count && SeqNum.lt(ends[i], start)) {
            i++;
        }
        int j = i;
        int s = start;
        int e = end;
        while (j < count && SeqNum.leq(starts[j], end)) {
            s = SeqNum.min(s, starts[j]);
            e = SeqNum.max(e, ends[j]);
            j++;
        }
        int newCount = count - (j - i) + 1;
        if (newCount > starts.length - 1) {
            return false;
        }
        int shift = 1 - (j - i);
        if (shift != 0) {
            System.arraycopy(starts, j, starts, j + shift, count - j);
            System.arraycopy(ends, j, ends, j + shift, count - j);
        }
        starts[i] = s;
        ends[i] = e;
        count = newCount;
        return true;
    }

    /** Removes everything below {@code seq}. */
    void trimBelow(int seq) {
        int drop = 0;
        while (drop < count && SeqNum.leq(ends[drop], seq)) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(starts, drop, starts, 0, count - drop);
            System.arraycopy(ends, drop, ends, 0, count - drop);
            count -= drop;
        }
        if (count > 0 && SeqNum.lt(starts[0], seq)) {
            starts[0] = seq;
        }
    }

    /** Index of the range containing {@code seq}, or -1. */
    int indexOf(int seq) {
        for (int i = 0; i < count; i++) {
            if (SeqNum.inRange(seq, starts[i], ends[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes covered within [from, to). */
    int coveredIn(int from, int to) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            int s = SeqNum.max(starts[i], from);
            int e = SeqNum.min(ends[i], to);
            if (SeqNum.lt(s, e)) {
                sum += e - s;
            }
        }
        return sum;
    }

    /** Total bytes covered. */
    int covered() {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += ends[i] - starts[i];
        }
        return sum;
    }

    /** The first range start at or after {@code seq}, or {@code limit} if none is before it. */
    int nextStartAfter(int seq, int limit) {
        for (int i = 0; i < count; i++) {
            if (SeqNum.geq(starts[i], seq)) {
                return SeqNum.min(starts[i], limit);
            }
        }
        return limit;
    }

    /** The end of the highest range, or {@code otherwise} when empty. */
    int highEnd(int otherwise) {
        return count == 0 ? otherwise : ends[count - 1];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            b.append('[').append(Integer.toUnsignedString(starts[i])).append(',')
                    .append(Integer.toUnsignedString(ends[i])).append(')');
        }
        return b.append('}').toString();
    }
}
