package dev.parley.transport;

/** Inputs of the connection state machine, each of one {@link Kind} [TR-SM-1]. */
public enum Input {
    CONNECT(Kind.USER), SEND(Kind.USER), CLOSE(Kind.USER), ABORT(Kind.USER),
    RCV_SYN(Kind.SEGMENT), RCV_SYN_ACK(Kind.SEGMENT), RCV_ACK(Kind.SEGMENT), RCV_RST(Kind.SEGMENT),
    RCV_RST_NEAR(Kind.SEGMENT), RCV_BAD_ACK(Kind.SEGMENT), RCV_UNACCEPTABLE(Kind.SEGMENT),
    PEER_FIN(Kind.EVENT), FIN_ACKED(Kind.EVENT),
    RTO(Kind.TIMER), RTO_EXHAUSTED(Kind.TIMER), DELAYED_ACK(Kind.TIMER), KEEPALIVE(Kind.TIMER),
    IDLE_TIMEOUT(Kind.TIMER), TIME_WAIT_EXPIRED(Kind.TIMER), LOSS_TIMER(Kind.TIMER),
    UNREACHABLE(Kind.REPORT);

    /** Where an input comes from; the unlisted rule depends on it. */
    public enum Kind { USER, SEGMENT, EVENT, TIMER, REPORT }

    public final Kind kind;

    Input(Kind kind) {
        this.kind = kind;
    }
}
