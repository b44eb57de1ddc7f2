package dev.parley.datagram;

/**
 * Token bucket that limits how often the layer answers one endpoint: unreachables and echo replies [DG-RATE-1].
 * Not thread-safe: owned by one loop.
 */
public final class TokenBucket {

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long lastRefillNanos;

    /**
     * @param ratePerSecond tokens added per second, at least 1
     * @param burst         bucket capacity, at least 1
     */
    public TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1: " + ratePerSecond + ", " + burst);
        }
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket has refilled to its burst, so that it is indistinguishable from a new one. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            lastRefillNanos = nowNanos;
        }
    }
}
