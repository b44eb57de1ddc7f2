package dev.parley.chat.peer;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * (sender, message_id) of every PeerOpen accepted within the freshness window [PM-OPEN-4]: bounded; expired
 * entries are removed; a full cache of unexpired entries refuses, never evicts (eviction would reopen replay).
 */
public final class OpenReplayCache {
    public enum Result { NEW, REPLAYED, FULL }

    private final int capacity;
    private final Map<String, Long> expiryMsByKey = new HashMap<>();

    public OpenReplayCache(int capacity) {
        this.capacity = capacity;
    }

    public synchronized Result insert(String sender, byte[] messageId, long expiryMs, long nowMs) {
        String k = sender + " " + HexFormat.of().formatHex(messageId);
        Long old = expiryMsByKey.get(k);
        if (old != null && old > nowMs) {
            return Result.REPLAYED;
        }
        if (old == null && expiryMsByKey.size() >= capacity) {
            for (Iterator<Long> it = expiryMsByKey.values().iterator(); it.hasNext();) {
                if (it.next() <= nowMs) {
                    it.remove();
                }
            }
            if (expiryMsByKey.size() >= capacity) {
                return Result.FULL;
            }
        }
        expiryMsByKey.put(k, expiryMs);
        return Result.NEW;
    }

    public synchronized int size() {
        return expiryMsByKey.size();
    }
}
