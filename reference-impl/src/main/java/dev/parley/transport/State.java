package dev.parley.transport;

/** States of a transport connection (spec/state-machines/transport-connection.yaml) [TR-SM-1]. */
public enum State {
    CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT, CLOSE_WAIT, LAST_ACK
}
