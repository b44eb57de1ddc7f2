package dev.parley.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-username token buckets of envelope releases [CH-RATE-1]: bounded; full buckets are forgotten first; a
 * successful proof gives its token back [CH-RATE-2].
 */
public final class GuessLimiter {
    public enum Result { OK, LIMITED, FULL }

    private static final class Bucket {
        double tokens;
        long atMs;
    }

    private final int burst;
    private final long refillMs;
    private final int capacity;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    public GuessLimiter(int burst, long refillMs, int capacity) {
        if (burst < 1 || refillMs < 1 || capacity < 1) {
            throw new IllegalArgumentException("burst, refill and capacity must be positive");
        }
        this.burst = burst;
        this.refillMs = refillMs;
        this.capacity = capacity;
    }

    private void refill(Bucket b, long nowMs) {
        b.tokens = Math.min(burst, b.tokens + (double) (nowMs - b.atMs) / refillMs);
        b.atMs = nowMs;
    }

    public Result take(String username, long nowMs) {
        Bucket b = buckets.get(username);
        if (b == null) {
            if (buckets.size() >= capacity) {
                for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
                    Bucket x = it.next();
                    refill(x, nowMs);
                    if (x.tokens >= burst) {
                        it.remove();
                    }
                }
                if (buckets.size() >= capacity) {
                    return Result.FULL;
                }
            }
            b = new Bucket();
            b.tokens = burst;
            b.atMs = nowMs;
            buckets.put(username, b);
        }
        refill(b, nowMs);
        if (b.tokens < 1) {
            return Result.LIMITED;
        }
        b.tokens -= 1;
        return Result.OK;
    }

    public void giveBack(String username, long nowMs) {
        Bucket b = buckets.get(username);
        if (b != null) {
            refill(b, nowMs);
            b.tokens = Math.min(burst, b.tokens + 1);
        }
    }
}
