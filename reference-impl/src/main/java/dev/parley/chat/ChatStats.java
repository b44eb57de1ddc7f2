package dev.parley.chat;

import java.util.EnumMap;
import java.util.Map;

/** Counters of the chat layer: drops and refusals by canonical code, logins accepted. One event loop owns it. */
public final class ChatStats {
    private final Map<ChatError, Long> byCode = new EnumMap<>(ChatError.class);
    private long challenges;
    private long envelopes;
    private long logins;

    public void count(ChatError e) {
        byCode.merge(e, 1L, Long::sum);
    }

    public void challenge() {
        challenges++;
    }

    public void envelope() {
        envelopes++;
    }

    public void login() {
        logins++;
    }

    public long get(ChatError e) {
        return byCode.getOrDefault(e, 0L);
    }

    public long challenges() {
        return challenges;
    }

    public long envelopes() {
        return envelopes;
    }

    public long logins() {
        return logins;
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new java.util.TreeMap<>();
        byCode.forEach((k, v) -> m.put(k.code(), v));
        m.put("challenges", challenges);
        m.put("envelopes", envelopes);
        m.put("logins", logins);
        return m;
    }
}
