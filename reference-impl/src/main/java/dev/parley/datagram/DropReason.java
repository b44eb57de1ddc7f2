package dev.parley.datagram;

/**
 * Canonical codes for datagrams the layer drops (spec/registries.md, "Canonical error codes").
 * The declaration order of the {@code DG_} codes is the order in which a receiver checks them
 * [DG-RECV-1]: the first failing check names the drop.
 */
public enum DropReason {
    /** Datagram longer than the configured maximum packet size [DG-MTU-2]. */
    DG_TOO_LARGE,
    /** Datagram shorter than the 8-byte header. */
    DG_TRUNCATED,
    /** Version other than 1 [DG-VER-1]. */
    DG_BAD_VERSION,
    /** {@code len_packet} differs from the datagram's length [DG-LEN-1]. */
    DG_BAD_LENGTH,
    /** CRC-32C mismatch [DG-CSUM-1]. */
    DG_BAD_CHECKSUM,
    /** No handler for {@code next_protocol}; answered with protocol unreachable [DG-PROTO-2]. */
    DG_UNKNOWN_PROTOCOL,
    /** Control payload shorter than its type requires. */
    CTL_TRUNCATED,
    /** Control message type not in the registry. */
    CTL_UNKNOWN_TYPE,
    /** Control code not defined for its type [DG-CTL-2]. */
    CTL_BAD_CODE
}
