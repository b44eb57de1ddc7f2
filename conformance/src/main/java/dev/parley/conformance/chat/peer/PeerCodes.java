package dev.parley.conformance.chat.peer;

import java.util.List;

/** The peer-messaging codes sent in a PeerError and their wire values (spec/registries.md, "Peer messaging"). */
public final class PeerCodes {

    private static final List<String> NAMES = List.of("PM_MALFORMED", "PM_UNKNOWN_TYPE", "PM_BAD_VERSION",
            "PM_BAD_SUITE", "PM_UNEXPECTED", "PM_NOT_FOR_ME", "PM_STALE", "PM_UNKNOWN_SENDER", "PM_KEY_CHANGED",
            "PM_BAD_SIGNATURE", "PM_REPLAYED", "PM_BUSY", "PM_BAD_KEY", "PM_BAD_RECORD", "PM_WRONG_PEER", "PM_TIMEOUT",
            "PM_REKEY_REQUIRED");

    private PeerCodes() {
    }

    /** The wire value (1..17) of a code sent in a PeerError. */
    public static int value(String code) {
        int i = NAMES.indexOf(code);
        if (i < 0) {
            throw new IllegalArgumentException("no peer code " + code + " with a wire value");
        }
        return i + 1;
    }

    /** The name of a wire value; an unassigned one is {@code PM_UNKNOWN_ERROR(n)} [PM-ERR-1]. */
    public static String name(int value) {
        return value >= 1 && value <= NAMES.size() ? NAMES.get(value - 1) : "PM_UNKNOWN_ERROR(" + value + ")";
    }
}
