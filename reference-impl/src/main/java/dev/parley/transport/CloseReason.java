package dev.parley.transport;

/** Why a connection ended, reported once through {@link ConnectionListener#onClose} [TR-INV-1]. */
public enum CloseReason {
    /** Orderly close: both directions finished with FIN [TR-CLOSE-2]. */
    TR_CLOSED,
    /** The peer reset the connection [TR-RST-1]. */
    TR_RESET,
    /** Retransmission limit, zero-window stall or idle timeout reached: the peer vanished [TR-RTX-6] [TR-KEEP-3]. */
    TR_TIMEOUT,
    /** The peer's datagram layer reported the port unreachable [TR-FAIL-2]. */
    TR_UNREACHABLE,
    /** The local user aborted the connection [TR-RST-5]. */
    TR_ABORTED
}
