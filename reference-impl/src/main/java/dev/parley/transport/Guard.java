package dev.parley.transport;

/** Named guards of the connection state machine (spec/state-machines/transport-connection.yaml). */
public enum Guard {
    /** A listener is registered on dst_port and neither the half-open nor the connection limit is reached. */
    LISTENING_WITH_ROOM,
    /** A listener is registered on dst_port but the connection limit or the per-address limit is reached [TR-SEC-SYN-1] [TR-SEC-ADDR-1]. */
    LISTENING_FULL,
    /** Our FIN is sent and every byte before it is acknowledged: the peer has all our data [TR-CLOSE-8]. */
    DATA_ACKED,
    /**
     * A listener is registered on dst_port and the half-open limit is reached, but neither the connection limit nor
     * the per-address limit: the open goes on statelessly, with a SYN cookie [TR-SEC-SYN-2].
     */
    BACKLOG_FULL,
    /**
     * An ACK for no connection, to a listening port with room, whose ack_num - 1 is a valid SYN cookie for its tuple
     * and seq_num - 1 [TR-SEC-SYN-3].
     */
    VALID_COOKIE,
    /** A SYN in TIME_WAIT whose ts_val is after TS.Recent: a new incarnation of the connection [TR-CLOSE-9]. */
    NEWER_INCARNATION
}
