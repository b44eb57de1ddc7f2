package dev.parley.transport;

/**
 * A byte ring addressed by sequence number: byte {@code seq} lives at {@code (seq - origin) mod capacity}. It
 * starts small and grows, by doubling, up to {@code maxCapacity} as the owner's live span needs it, so a connection
 * that moves little data holds little memory; the owner keeps at most {@code maxCapacity} live bytes
 * [TR-BOUND-1] [TR-BOUND-2].
 */
final class ByteRing {

    static final int INITIAL_CAPACITY = 64 * 1024;

    private final int maxCapacity;
    private final int origin;
    private byte[] bytes;

    ByteRing(int maxCapacity, int origin) {
        this.maxCapacity = maxCapacity;
        this.bytes = new byte[Math.min(maxCapacity, INITIAL_CAPACITY)];
        this.origin = origin;
    }

    int capacity() {
        return bytes.length;
    }

    /**
     * Makes room for the span [liveFrom, needEnd), keeping the bytes of [liveFrom, liveFrom + capacity) where
     * they are in sequence space.
     *
     * @throws IllegalStateException if the span exceeds the maximum capacity (a bug in the owner)
     */
    void ensure(int liveFrom, int needEnd) {
        long need = Integer.toUnsignedLong(needEnd - liveFrom);
        if (need <= bytes.length) {
            return;
        }
        if (need > maxCapacity) {
            throw new IllegalStateException("ring span " + need + " above its bound " + maxCapacity);
        }
        int cap = (int) Math.min(maxCapacity, Math.max(need, 2L * bytes.length));
        byte[] live = new byte[bytes.length];
        read(liveFrom, live, 0, live.length);
        bytes = new byte[cap];
        write(liveFrom, live, 0, live.length);
    }

    void write(int seq, byte[] src, int off, int len) {
        int pos = Integer.remainderUnsigned(seq - origin, bytes.length);
        int first = Math.min(len, bytes.length - pos);
        System.arraycopy(src, off, bytes, pos, first);
        System.arraycopy(src, off + first, bytes, 0, len - first);
    }

    void read(int seq, byte[] dst, int off, int len) {
        int pos = Integer.remainderUnsigned(seq - origin, bytes.length);
        int first = Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, pos, dst, off, first);
        System.arraycopy(bytes, 0, dst, off + first, len - first);
    }
}
