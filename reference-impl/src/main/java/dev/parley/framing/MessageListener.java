package dev.parley.framing;

/** Events of one {@link MessageConnection}, called on its loop thread. */
public interface MessageListener {

    /** The transport connection opened. */
    default void onOpen(MessageConnection connection) {
    }

    /** One whole message, exactly once, in stream order [FR-DELIV-1]. */
    void onMessage(MessageConnection connection, byte[] message);

    /** The peer finished sending; no more messages will arrive. */
    default void onPeerClosed(MessageConnection connection) {
    }

    /**
     * The connection ended; called once.
     *
     * @param code canonical code: a transport close reason ({@code TR_CLOSED}, {@code TR_RESET}, …) or the
     *             framing error that ended it ({@code FR_TOO_LARGE}, …)
     */
    void onClose(MessageConnection connection, String code);
}
