package dev.parley.chat.peer;

/** A peer-messaging failure with its canonical code; the message is for people only. */
public final class PeerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final PeerCode code;

    public PeerException(PeerCode code, String detail) {
        super(code.code() + ": " + detail);
        this.code = code;
    }

    public PeerCode code() {
        return code;
    }
}
