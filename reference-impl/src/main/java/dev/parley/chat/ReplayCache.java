package dev.parley.chat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The bounded set of server nonces of accepted cookies, each kept until its cookie can no longer be fresh
 * [CH-REPLAY-1] [CH-REPLAY-2]. When full of unexpired entries it refuses rather than evicts.
 */
public final class ReplayCache {
    public enum Result { NEW, REPLAYED, FULL }

    private record Entry(ByteBuffer nonce, long expiresAtMs) {
    }

    private final int capacity;
    private final Map<ByteBuffer, Long> entries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.expiresAtMs, b.expiresAtMs));

    public ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public Result insert(byte[] serverNonce, long expiresAtMs, long nowMs) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMs < nowMs) {
            entries.remove(byExpiry.poll().nonce);
        }
        ByteBuffer key = ByteBuffer.wrap(serverNonce.clone());
        if (entries.containsKey(key)) {
            return Result.REPLAYED;
        }
        if (entries.size() >= capacity) {
            return Result.FULL; // [CH-REPLAY-2] never evict an unexpired entry
        }
        entries.put(key, expiresAtMs);
        byExpiry.add(new Entry(key, expiresAtMs));
        return Result.NEW;
    }

    public int size() {
        return entries.size();
    }
}
