package dev.parley.transport;

/**
 * Canonical codes for transport segments that are dropped (spec/transport.md, "Error handling").
 * Each drop is counted per code in {@link TransportStats}; none is ever thrown [TR-ERR-1].
 */
public enum DropReason {
    /** Shorter than the 28-byte header, or than the header plus its SACK blocks [TR-SEG-2]. */
    TR_TRUNCATED,
    /** {@code len_data} does not match the bytes after the SACK blocks [TR-SEG-2]. */
    TR_BAD_LENGTH,
    /** A forbidden combination of control bits [TR-SEG-3]. */
    TR_BAD_FLAGS,
    /** More than 4 SACK blocks, or a block whose right edge does not follow its left edge [TR-SEG-4]. */
    TR_BAD_SACK,
    /** Source or destination port 0 [TR-SEG-5]. */
    TR_BAD_PORT,
    /** A well-formed segment the connection's state machine does not accept in its state [TR-SM-2]. */
    TR_UNEXPECTED,
    /** Sequence number outside the receive window, or an RST not exactly at the window's left edge [TR-RST-2]. */
    TR_OUT_OF_WINDOW,
    /** A SYN arrived while the half-open or connection limit was reached [TR-SEC-SYN-1]. */
    TR_BACKLOG_FULL,
    /** A SYN from an address that already holds its share of connections [TR-SEC-ADDR-1]. */
    TR_ADDRESS_LIMIT,
    /** Data that would exceed the reassembly bounds [TR-REASM-2]. */
    TR_REASSEMBLY_FULL,
    /** A reply (RST or challenge ACK) suppressed by the endpoint's rate limit [TR-SEC-RATE-1]. */
    TR_RATE_LIMITED
}
