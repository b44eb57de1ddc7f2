package dev.parley.transport;

/** Named guards of the connection state machine (spec/state-machines/transport-connection.yaml). */
public enum Guard {
    /** A listener is registered on dst_port and neither the half-open nor the connection limit is reached. */
    LISTENING_WITH_ROOM,
    /** A listener is registered on dst_port but a limit is reached [TR-SEC-SYN-1]. */
    LISTENING_FULL,
    /** Our FIN is sent and every byte before it is acknowledged: the peer has all our data [TR-CLOSE-8]. */
    DATA_ACKED
}
