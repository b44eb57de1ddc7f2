package dev.parley.chat.peer;

/**
 * The receiving side's window over sequence numbers (spec/messaging.md section 6) [PM-SEQ-2]: a seq above the
 * highest accepted passes; one within the window below it passes once; anything else is a replay. A seq is marked
 * only after its tag verified.
 */
public final class ReplayWindow {
    private final int size;
    private long highest = -1;
    private long bits;
    /** After a key_update at seq n, only seq above n pass [PM-REKEY-1]. */
    private long floor = -1;

    public ReplayWindow(int size) {
        if (size < 1 || size > 64) {
            throw new IllegalArgumentException("replay_window 1..64 [PM-BOUND-1]");
        }
        this.size = size;
    }

    public boolean check(long seq) {
        if (seq < 0 || seq <= floor) {
            return false;
        }
        if (seq > highest) {
            return true;
        }
        long back = highest - seq;
        return back < size && (bits & (1L << back)) == 0;
    }

    public void mark(long seq) {
        if (seq > highest) {
            long shift = seq - highest;
            bits = shift >= 64 ? 0 : bits << shift;
            bits |= 1;
            highest = seq;
        } else {
            bits |= 1L << (highest - seq);
        }
    }

    public void floor(long seq) {
        floor = Math.max(floor, seq);
    }

    public long highest() {
        return highest;
    }
}
