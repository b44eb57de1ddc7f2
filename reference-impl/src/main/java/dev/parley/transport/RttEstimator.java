package dev.parley.transport;

/**
 * Procedure {@code RttEstimator}: SRTT, RTTVAR and RTO per RFC 6298 [TR-RTX-1] [TR-RTX-2] [TR-RTX-3], fed by
 * timestamp echoes so retransmitted segments never give ambiguous samples (RFC 7323, Karn) [TR-RTT-2].
 */
final class RttEstimator {

    private static final long CLOCK_GRANULARITY_NANOS = 1_000_000;
    private final long minRtoNanos;
    private final long maxRtoNanos;
    private long srttNanos = -1;
    private long rttvarNanos;
    private long rtoNanos;
    private int backoff;
    private long latestNanos = -1;
    private long minNanos = -1;

    RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos) {
        this.minRtoNanos = minRtoNanos;
        this.maxRtoNanos = maxRtoNanos;
        this.rtoNanos = initialRtoNanos;
    }

    void onSample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        latestNanos = rttNanos;
        minNanos = minNanos < 0 ? rttNanos : Math.min(minNanos, rttNanos);
        if (srttNanos < 0) {
            srttNanos = rttNanos;
            rttvarNanos = rttNanos / 2;
        } else {
            rttvarNanos = (3 * rttvarNanos + Math.abs(srttNanos - rttNanos)) / 4;
            srttNanos = (7 * srttNanos + rttNanos) / 8;
        }
        rtoNanos = clamp(srttNanos + Math.max(CLOCK_GRANULARITY_NANOS, 4 * rttvarNanos));
    }

    /** The RTO including the current exponential backoff [TR-RTX-3]. */
    long currentRtoNanos() {
        long r = rtoNanos;
        for (int i = 0; i < backoff && r < maxRtoNanos; i++) {
            r *= 2;
        }
        return Math.min(r, maxRtoNanos);
    }

    void backOff() {
        backoff++;
    }

    void resetBackoff() {
        backoff = 0;
    }

    long srttNanos() {
        return srttNanos;
    }

    /** The latest sample (RFC 8985 RACK.rtt), or -1 before any. */
    long latestNanos() {
        return latestNanos;
    }

    /** The smallest sample so far (RFC 8985 min_RTT), or -1 before any. */
    long minNanos() {
        return minNanos;
    }

    private long clamp(long rto) {
        return Math.max(minRtoNanos, Math.min(maxRtoNanos, rto));
    }
}
