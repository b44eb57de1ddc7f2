package dev.parley.transport;

/**
 * Arithmetic on 32-bit sequence numbers modulo 2^32 (RFC 9293 section 3.4): {@code a} is before {@code b}
 * when {@code (b - a)} as a signed 32-bit value is positive (spec/transport.md, "Sequence space"). Two numbers
 * exactly 2^31 apart are neither before nor after each other (RFC 1982 leaves them unordered).
 */
public final class SeqNum {

    private SeqNum() {
    }

    public static boolean lt(int a, int b) {
        return b - a > 0; // not a - b < 0, which also holds for a = b + 2^31
    }

    public static boolean leq(int a, int b) {
        return a == b || lt(a, b);
    }

    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    public static boolean geq(int a, int b) {
        return a - b >= 0;
    }

    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** True when {@code lo <= x < hi} in sequence space. */
    public static boolean inRange(int x, int lo, int hi) {
        return x - lo >= 0 && x - hi < 0;
    }
}
