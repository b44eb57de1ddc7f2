package dev.parley.transport;

/** Events of one connection, called on the endpoint's loop thread. */
public interface ConnectionListener {

    /** The three-way open completed [TR-OPEN-2] [TR-OPEN-4]. */
    default void onOpen(Connection connection) {
    }

    /** Bytes of the peer's stream, in order, each exactly once [TR-DATA-3]. The array is the callee's. */
    void onData(Connection connection, byte[] data);

    /** The peer finished its stream (its FIN arrived in order); we may still send [TR-CLOSE-3]. */
    default void onPeerClosed(Connection connection) {
    }

    /** Send buffer space became free after a send() accepted fewer bytes than offered. */
    default void onWritable(Connection connection) {
    }

    /** The connection ended; called exactly once [TR-INV-1]. */
    void onClose(Connection connection, CloseReason reason);
}
