package dev.parley.chat.peer;

/**
 * The canonical codes of peer messaging (spec/registries.md, "Peer messaging"). {@code value} is what a
 * PeerError carries; local codes have value -1 and never go on the wire.
 */
public enum PeerCode {
    MALFORMED(1), UNKNOWN_TYPE(2), BAD_VERSION(3), BAD_SUITE(4), UNEXPECTED(5), NOT_FOR_ME(6), STALE(7),
    UNKNOWN_SENDER(8), KEY_CHANGED(9), BAD_SIGNATURE(10), REPLAYED(11), BUSY(12), BAD_KEY(13), BAD_RECORD(14),
    WRONG_PEER(15), TIMEOUT(16), REKEY_REQUIRED(17),
    OFFLINE(-1), CONNECT_FAILED(-1), NO_RECEIPT(-1), CLOSED(-1), SERVER_GONE(-1), UNKNOWN_ERROR(-1);

    private final int value;

    PeerCode(int value) {
        this.value = value;
    }

    /** The wire value, or -1 for a local code. */
    public int value() {
        return value;
    }

    /** The canonical code as the spec writes it, e.g. {@code PM_NOT_FOR_ME}. */
    public String code() {
        return "PM_" + name();
    }

    /** The code of a wire value; {@link #UNKNOWN_ERROR} for an unassigned one [PM-ERR-1]. */
    public static PeerCode ofValue(int value) {
        for (PeerCode c : values()) {
            if (c.value == value && value > 0) {
                return c;
            }
        }
        return UNKNOWN_ERROR;
    }
}
