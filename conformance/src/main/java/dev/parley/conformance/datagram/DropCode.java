package dev.parley.conformance.datagram;

/**
 * Canonical drop codes of the datagram layer and its control protocol (spec/registries.md,
 * "Canonical error codes"), as the IUT reports them in {@code stats}. The {@code DG_} codes are
 * declared in the order a receiver checks them; the first failing check names the drop [DG-RECV-1].
 */
public enum DropCode {
    /** Longer than the configured maximum packet size [DG-MTU-2]. */
    DG_TOO_LARGE,
    /** Shorter than the 8-byte header. */
    DG_TRUNCATED,
    /** Version other than 1 [DG-VER-1]. */
    DG_BAD_VERSION,
    /** {@code len_packet} differs from the datagram's length [DG-LEN-1]. */
    DG_BAD_LENGTH,
    /** CRC-32C mismatch [DG-CSUM-1]. */
    DG_BAD_CHECKSUM,
    /** No handler for {@code next_protocol} [DG-PROTO-2]. */
    DG_UNKNOWN_PROTOCOL,
    /** Control body shorter than its type needs. */
    CTL_TRUNCATED,
    /** Control message type not in the registry. */
    CTL_UNKNOWN_TYPE,
    /** Control code not defined for its type [DG-CTL-2]. */
    CTL_BAD_CODE;

    /** True for the codes of the datagram layer's own receive checks. */
    public boolean isDatagramCheck() {
        return name().startsWith("DG_");
    }
}
