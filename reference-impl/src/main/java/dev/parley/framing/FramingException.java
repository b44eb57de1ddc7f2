package dev.parley.framing;

/** A send that failed, with the canonical code of the reason (a framing or transport code). */
public final class FramingException extends Exception {

    private final String code;

    public FramingException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** Canonical code (spec/registries.md), e.g. {@code FR_BACKPRESSURE} or {@code TR_RESET}. */
    public String code() {
        return code;
    }
}
