package dev.parley.transport;

/**
 * A user call the transport refused, with the canonical code of the reason: {@code TR_INVALID_STATE} for a call
 * its state does not allow [TR-SM-3], {@code TR_IN_USE}, {@code TR_NO_PORT} or {@code TR_TOO_MANY_CONNECTIONS} for
 * an open it cannot make [TR-BOUND-1]. Callers catch this type, never every {@link IllegalStateException}, so that
 * an internal bug is not mistaken for a refusal.
 */
public final class TransportStateException extends IllegalStateException {

    private final String code;

    public TransportStateException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** Canonical code, e.g. {@code TR_INVALID_STATE}. */
    public String code() {
        return code;
    }
}
