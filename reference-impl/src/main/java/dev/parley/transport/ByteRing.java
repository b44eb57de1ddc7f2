package dev.parley.transport;

/**
 * A fixed-capacity byte ring addressed by sequence number: byte {@code seq} lives at
 * {@code (seq - origin) mod capacity}. The owner keeps at most {@code capacity} live bytes [TR-BOUND-1].
 */
final class ByteRing {

    private final byte[] bytes;
    private final int origin;

    ByteRing(int capacity, int origin) {
        this.bytes = new byte[capacity];
        this.origin = origin;
    }

    int capacity() {
        return bytes.length;
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
