package dev.parley.chat;

/**
 * The chat layer's canonical codes (spec/registries.md, "Chat layer"). {@code value} is what an Error or an
 * error_response carries; local codes have value -1 and never go on the wire.
 */
public enum ChatError {
    MALFORMED(1), UNKNOWN_TYPE(2), BAD_VERSION(3), BAD_SUITE(4), UNEXPECTED(5), BAD_COOKIE(6), STALE_COOKIE(7),
    BAD_POW(8), REPLAYED_COOKIE(9), BAD_USERNAME(10), RATE_LIMITED(11), BUSY(12), BAD_RECORD(13), BAD_SEQ(14),
    BAD_PROOF(15), TIMEOUT(16), SESSION_REPLACED(17), UNKNOWN_REQUEST(18), REKEY_REQUIRED(19),
    BAD_KEY_EXCHANGE(-1), WRONG_PASSWORD(-1), SERVER_KEY_MISMATCH(-1), POW_TOO_HARD(-1), CLOSED(-1),
    UNKNOWN_ERROR(-1);

    private final int value;

    ChatError(int value) {
        this.value = value;
    }

    /** The wire value, or -1 for a local code. */
    public int value() {
        return value;
    }

    /** The canonical code as written in the spec, e.g. {@code CH_BAD_POW}. */
    public String code() {
        return "CH_" + name();
    }

    /** The code for a wire value; {@link #UNKNOWN_ERROR} for an unassigned one [CH-ERR-2]. */
    public static ChatError ofValue(int value) {
        for (ChatError e : values()) {
            if (e.value == value && value > 0) {
                return e;
            }
        }
        return UNKNOWN_ERROR;
    }
}
