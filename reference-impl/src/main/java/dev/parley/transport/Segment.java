package dev.parley.transport;

import java.util.Arrays;
import java.util.List;

/**
 * One transport segment as the engine sees it (spec/transport.md, "Segment format"). Sequence and
 * acknowledgement numbers and timestamps are unsigned 32-bit values held in an {@code int}; compare them
 * with {@link SeqNum}. The record does not copy {@code data}: callers hand over ownership.
 *
 * @param srcPort    {@code src_port}, 1..65535
 * @param dstPort    {@code dst_port}, 1..65535
 * @param seqNum     {@code seq_num}
 * @param ackNum     {@code ack_num}
 * @param flags      {@code flags}: an or of {@link #SYN}, {@link #ACK}, {@link #FIN}, {@link #RST}
 * @param window     {@code window}, receive window in bytes, 0..2^32-1
 * @param tsVal      {@code ts_val}
 * @param tsEcr      {@code ts_ecr}
 * @param sackBlocks {@code sack_blocks}, at most {@link #MAX_SACK_BLOCKS}
 * @param data       {@code data}
 */
public record Segment(int srcPort, int dstPort, int seqNum, int ackNum, int flags, long window, int tsVal,
                      int tsEcr, List<SackBlock> sackBlocks, byte[] data) {

    public static final int SYN = 0x01;
    public static final int ACK = 0x02;
    public static final int FIN = 0x04;
    public static final int RST = 0x08;
    /** Reserved bits: sent as zero, ignored on receipt [TR-SEG-3]. */
    public static final int RESERVED = 0xF0;
    public static final int HEADER_LENGTH = 28;
    public static final int SACK_BLOCK_LENGTH = 8;
    public static final int MAX_SACK_BLOCKS = 4;

    /** A SACK block: sequence numbers {@code leftEdge} up to, not including, {@code rightEdge} (RFC 2018). */
    public record SackBlock(int leftEdge, int rightEdge) {
        @Override
        public String toString() {
            return "[" + Integer.toUnsignedString(leftEdge) + "," + Integer.toUnsignedString(rightEdge) + ")";
        }
    }

    public Segment {
        sackBlocks = List.copyOf(sackBlocks);
    }

    public boolean syn() {
        return (flags & SYN) != 0;
    }

    public boolean ack() {
        return (flags & ACK) != 0;
    }

    public boolean fin() {
        return (flags & FIN) != 0;
    }

    public boolean rst() {
        return (flags & RST) != 0;
    }

    /**
     * Sequence space the segment occupies: its data plus one each for SYN and FIN. A SYN's data is its open
     * option, which occupies none [TR-MSS-1].
     */
    public int seqLength() {
        return syn() ? 1 : data.length + (fin() ? 1 : 0);
    }

    /** Encoded length in bytes. */
    public int encodedLength() {
        return HEADER_LENGTH + SACK_BLOCK_LENGTH * sackBlocks.size() + data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && s.srcPort == srcPort && s.dstPort == dstPort && s.seqNum == seqNum
                && s.ackNum == ackNum && s.flags == flags && s.window == window && s.tsVal == tsVal
                && s.tsEcr == tsEcr && s.sackBlocks.equals(sackBlocks) && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * seqNum + ackNum) + Arrays.hashCode(data);
    }

    /** Prints the spec's field names. */
    @Override
    public String toString() {
        StringBuilder f = new StringBuilder();
        if (syn()) f.append("SYN|");
        if (ack()) f.append("ACK|");
        if (fin()) f.append("FIN|");
        if (rst()) f.append("RST|");
        if (f.length() > 0) f.setLength(f.length() - 1);
        return "segment{src_port=" + srcPort + ", dst_port=" + dstPort + ", seq_num=" + Integer.toUnsignedString(seqNum)
                + ", ack_num=" + Integer.toUnsignedString(ackNum) + ", flags=" + f + ", window=" + window
                + ", ts_val=" + Integer.toUnsignedString(tsVal) + ", ts_ecr=" + Integer.toUnsignedString(tsEcr)
                + ", sack_blocks=" + sackBlocks + ", len_data=" + data.length + "}";
    }
}
