package dev.parley.conformance.chat;

import java.util.Map;

/** The chat layer's canonical codes and their values on the wire (spec/registries.md, "Chat layer"). */
public final class ChatCodes {

    private static final Map<String, Integer> VALUES = Map.ofEntries(
            Map.entry("CH_MALFORMED", 1), Map.entry("CH_UNKNOWN_TYPE", 2), Map.entry("CH_BAD_VERSION", 3),
            Map.entry("CH_BAD_SUITE", 4), Map.entry("CH_UNEXPECTED", 5), Map.entry("CH_BAD_COOKIE", 6),
            Map.entry("CH_STALE_COOKIE", 7), Map.entry("CH_BAD_POW", 8), Map.entry("CH_REPLAYED_COOKIE", 9),
            Map.entry("CH_BAD_USERNAME", 10), Map.entry("CH_RATE_LIMITED", 11), Map.entry("CH_BUSY", 12),
            Map.entry("CH_BAD_RECORD", 13), Map.entry("CH_BAD_SEQ", 14), Map.entry("CH_BAD_PROOF", 15),
            Map.entry("CH_TIMEOUT", 16), Map.entry("CH_SESSION_REPLACED", 17), Map.entry("CH_UNKNOWN_REQUEST", 18),
            Map.entry("CH_REKEY_REQUIRED", 19));

    private ChatCodes() {
    }

    /** The wire value of a canonical code. */
    public static int value(String code) {
        Integer v = VALUES.get(code);
        if (v == null) {
            throw new IllegalArgumentException("no chat code " + code + " with a wire value");
        }
        return v;
    }

    /** The name of a wire value, or {@code CH_UNKNOWN_ERROR(n)}. */
    public static String name(int value) {
        return VALUES.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).findFirst()
                .orElse("CH_UNKNOWN_ERROR(" + value + ")");
    }
}
