package dev.parley.datagram;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-endpoint token buckets for replies (echo replies and unreachables) [DG-RATE-1], in a table of
 * bounded size: when it is full, an endpoint without a bucket reuses the least recently used bucket
 * if that one has refilled (it is then indistinguishable from a new one), and otherwise shares one
 * overflow bucket [DG-RATE-3]. Not thread-safe: owned by one loop.
 */
final class ReplyLimiter {

    private final int ratePerSecond;
    private final int burst;
    private final int maxTrackedEndpoints;
    private final LinkedHashMap<InetSocketAddress, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private final TokenBucket overflow;

    ReplyLimiter(int ratePerSecond, int burst, int maxTrackedEndpoints, long nowNanos) {
        if (maxTrackedEndpoints < 1) {
            throw new IllegalArgumentException("maxTrackedEndpoints must be at least 1: " + maxTrackedEndpoints);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxTrackedEndpoints = maxTrackedEndpoints;
        this.overflow = new TokenBucket(ratePerSecond, burst, nowNanos);
    }

    /** Procedure {@code AllowReply}: takes a token from the endpoint's bucket if it has one. */
    boolean allowReply(InetSocketAddress endpoint, long nowNanos) {
        return bucketFor(endpoint, nowNanos).tryAcquire(nowNanos);
    }

    private TokenBucket bucketFor(InetSocketAddress endpoint, long nowNanos) {
        TokenBucket bucket = buckets.get(endpoint);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxTrackedEndpoints) {
            Iterator<Map.Entry<InetSocketAddress, TokenBucket>> eldest = buckets.entrySet().iterator();
            if (!eldest.next().getValue().isFull(nowNanos)) {
                return overflow;
            }
            eldest.remove();
        }
        bucket = new TokenBucket(ratePerSecond, burst, nowNanos);
        buckets.put(endpoint, bucket);
        return bucket;
    }

    int trackedEndpoints() {
        return buckets.size();
    }
}
