package dev.parley.framing;

/**
 * Canonical framing-layer error codes (spec/registries.md). A stream cannot be resynchronised after
 * a bad frame, so each of these ends the connection [FR-ERR-1].
 */
public enum FramingError {
    /** A frame announces a payload longer than the receiver's limit [FR-LEN-2]. */
    FR_TOO_LARGE,
    /** A frame type not in the registry [FR-TYPE-1]. */
    FR_UNKNOWN_TYPE,
    /** The connection ended in the middle of a frame [FR-ERR-2]. */
    FR_TRUNCATED,
    /** The node's memory budget was reached and this connection held the most [FR-MEM-2]. */
    FR_MEMORY,
    /** The sender's queue for this connection is full [FR-SEND-3]. */
    FR_BACKPRESSURE
}
