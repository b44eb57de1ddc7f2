package dev.parley.conformance.transport;

import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.wire.transport.TransportSegment;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tester's codec for the transport layer (spec/transport.md, "Segment format"): the only class of
 * the suite that touches the generated {@link TransportSegment}. It writes the fields exactly as asked,
 * so the suite can also build segments a correct sender never would, and it is the suite's own
 * reading of the receive checks [TR-SEG-6], to tell which drop code a segment must earn.
 */
public final class SegmentTesterCodec {

    public static final int HEADER_LENGTH = 28;
    public static final int SACK_BLOCK_LENGTH = 8;
    public static final int MAX_SACK_BLOCKS = 4;
    public static final int SYN = 0x01;
    public static final int ACK = 0x02;
    public static final int FIN = 0x04;
    public static final int RST = 0x08;
    /** Offsets of header fields the faults rewrite. */
    public static final int FLAGS_OFFSET = 12;
    public static final int NUM_SACK_BLOCKS_OFFSET = 13;
    public static final int LEN_DATA_OFFSET = 26;

    private SegmentTesterCodec() {
    }

    /** A SACK block {@code [left_edge, right_edge)}. */
    public record SackBlock(long leftEdge, long rightEdge) {
        @Override
        public String toString() {
            return "[" + leftEdge + ", " + rightEdge + ")";
        }
    }

    /**
     * A segment's fields as on the wire; {@code flags} holds the whole flags octet, reserved bits
     * included. {@code num_sack_blocks} and {@code len_data} follow from the lists.
     */
    public record Segment(int srcPort, int dstPort, long seqNum, long ackNum, int flags, long window, long tsVal,
                          long tsEcr, List<SackBlock> sackBlocks, byte[] data) {

        public Segment {
            sackBlocks = List.copyOf(sackBlocks);
            data = data.clone();
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

        /** Sequence numbers the segment occupies: its data, plus one each for SYN and FIN; a SYN's open option none. */
        public long sequenceLength() {
            return syn() ? 1 : data.length + (fin() ? 1 : 0);
        }

        /** A copy with other flags. */
        public Segment withFlags(int value) {
            return new Segment(srcPort, dstPort, seqNum, ackNum, value, window, tsVal, tsEcr, sackBlocks, data);
        }

        /** A copy with another sequence number. */
        public Segment withSeqNum(long value) {
            return new Segment(srcPort, dstPort, value & 0xffffffffL, ackNum, flags, window, tsVal, tsEcr, sackBlocks,
                    data);
        }

        /** A copy with other ports. */
        public Segment withPorts(int src, int dst) {
            return new Segment(src, dst, seqNum, ackNum, flags, window, tsVal, tsEcr, sackBlocks, data);
        }

        /** A copy with other SACK blocks. */
        public Segment withSackBlocks(List<SackBlock> blocks) {
            return new Segment(srcPort, dstPort, seqNum, ackNum, flags, window, tsVal, tsEcr, blocks, data);
        }

        /** A copy with other data. */
        public Segment withData(byte[] value) {
            return new Segment(srcPort, dstPort, seqNum, ackNum, flags, window, tsVal, tsEcr, sackBlocks, value);
        }

        @Override
        public String toString() {
            return "Segment[src_port=" + srcPort + ", dst_port=" + dstPort + ", seq_num=" + seqNum + ", ack_num="
                    + ackNum + ", flags=" + flagNames(flags) + ", num_sack_blocks=" + sackBlocks.size() + ", window="
                    + window + ", ts_val=" + tsVal + ", ts_ecr=" + tsEcr + ", len_data=" + data.length
                    + (sackBlocks.isEmpty() ? "" : ", sack_blocks=" + sackBlocks)
                    + (data.length == 0 ? "" : ", data=" + TesterCodec.hex(data, 16)) + "]";
        }
    }

    /** {@code SYN|ACK}-style names of a flags octet; reserved bits as hex. */
    public static String flagNames(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & SYN) != 0) {
            names.add("SYN");
        }
        if ((flags & ACK) != 0) {
            names.add("ACK");
        }
        if ((flags & FIN) != 0) {
            names.add("FIN");
        }
        if ((flags & RST) != 0) {
            names.add("RST");
        }
        if ((flags & 0xf0) != 0) {
            names.add(String.format("0x%02x", flags & 0xf0));
        }
        return names.isEmpty() ? "none" : String.join("|", names);
    }

    /**
     * Writes the fields as given, with {@code num_sack_blocks} and {@code len_data} taken from the
     * lists; nothing else is checked, so forbidden flags, port 0 and bad blocks are written as asked.
     */
    public static byte[] write(Segment s) {
        TransportSegment segment = new TransportSegment();
        segment.setSrcPort(s.srcPort());
        segment.setDstPort(s.dstPort());
        segment.setSeqNum(s.seqNum());
        segment.setAckNum(s.ackNum());
        TransportSegment.SegmentFlags flags = new TransportSegment.SegmentFlags(null, segment, segment);
        flags.setReserved((s.flags() >>> 4) & 0xf);
        flags.setRst((s.flags() & RST) != 0);
        flags.setFin((s.flags() & FIN) != 0);
        flags.setAck((s.flags() & ACK) != 0);
        flags.setSyn((s.flags() & SYN) != 0);
        flags._check();
        segment.setFlags(flags);
        segment.setNumSackBlocks(s.sackBlocks().size());
        segment.setWindow(s.window());
        segment.setTsVal(s.tsVal());
        segment.setTsEcr(s.tsEcr());
        segment.setLenData(s.data().length);
        List<TransportSegment.SackBlock> blocks = new ArrayList<>();
        for (SackBlock b : s.sackBlocks()) {
            TransportSegment.SackBlock block = new TransportSegment.SackBlock(null, segment, segment);
            block.setLeftEdge(b.leftEdge());
            block.setRightEdge(b.rightEdge());
            block._check();
            blocks.add(block);
        }
        segment.setSackBlocks(blocks);
        segment.setData(s.data());
        segment._check();
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(
                HEADER_LENGTH + SACK_BLOCK_LENGTH * s.sackBlocks().size() + s.data().length);
        segment._write(io);
        return io.toByteArray();
    }

    /** {@code segment} wrapped in a well-formed datagram-layer packet with {@code next_protocol = 2} [TR-SEG-1]. */
    public static byte[] packet(byte[] segment) {
        return TesterCodec.packet(TesterCodec.PROTOCOL_TRANSPORT, segment);
    }

    /**
     * Reads a segment that passes every receive check [TR-SEG-6].
     *
     * @throws IllegalArgumentException naming the first check it fails
     */
    public static Segment read(byte[] bytes) {
        Optional<String> drop = classify(bytes);
        if (drop.isPresent()) {
            throw new IllegalArgumentException("malformed segment (" + drop.get() + "): " + TesterCodec.hex(bytes, 64));
        }
        return parse(bytes);
    }

    /**
     * The drop code a receiver must give {@code bytes}, checking in the order of [TR-SEG-6]; empty
     * when the segment is well-formed.
     */
    public static Optional<String> classify(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            return Optional.of("TR_TRUNCATED");
        }
        int numSackBlocks = bytes[NUM_SACK_BLOCKS_OFFSET] & 0xff;
        if (numSackBlocks > MAX_SACK_BLOCKS) {
            return Optional.of("TR_BAD_SACK");
        }
        int headerAndBlocks = HEADER_LENGTH + SACK_BLOCK_LENGTH * numSackBlocks;
        if (bytes.length < headerAndBlocks) {
            return Optional.of("TR_TRUNCATED");
        }
        int lenData = ((bytes[LEN_DATA_OFFSET] & 0xff) << 8) | (bytes[LEN_DATA_OFFSET + 1] & 0xff);
        if (headerAndBlocks + lenData != bytes.length) {
            return Optional.of("TR_BAD_LENGTH");
        }
        Segment s = parse(bytes);
        if (s.srcPort() == 0 || s.dstPort() == 0) {
            return Optional.of("TR_BAD_PORT");
        }
        boolean data = s.data().length > 0;
        // A SYN carries no data but its 2-byte open option announcing 188..65499 [TR-MSS-1].
        int option = s.data().length == 2 ? ((s.data()[0] & 0xff) << 8) | (s.data()[1] & 0xff) : -1;
        boolean badSynData = data && (s.data().length != 2 || option < 188 || option > 65_499);
        boolean badFlags = (s.syn() && (s.fin() || s.rst() || badSynData))
                || (s.rst() && (s.fin() || data))
                || (!s.syn() && !s.ack() && !s.rst())
                || (!s.sackBlocks().isEmpty() && !s.ack());
        if (badFlags) {
            return Optional.of("TR_BAD_FLAGS");
        }
        for (SackBlock b : s.sackBlocks()) {
            if ((int) (b.rightEdge() - b.leftEdge()) <= 0) {
                return Optional.of("TR_BAD_SACK");
            }
        }
        return Optional.empty();
    }

    /** Splits bytes whose lengths add up into fields, without the other checks. */
    private static Segment parse(byte[] bytes) {
        TransportSegment segment = new TransportSegment(new ByteBufferKaitaiStream(bytes));
        segment._read();
        TransportSegment.SegmentFlags f = segment.flags();
        int flags = (int) (f.reserved() << 4) | (f.rst() ? RST : 0) | (f.fin() ? FIN : 0) | (f.ack() ? ACK : 0)
                | (f.syn() ? SYN : 0);
        List<SackBlock> blocks = new ArrayList<>();
        for (TransportSegment.SackBlock b : segment.sackBlocks()) {
            blocks.add(new SackBlock(b.leftEdge(), b.rightEdge()));
        }
        return new Segment(segment.srcPort(), segment.dstPort(), segment.seqNum(), segment.ackNum(), flags,
                segment.window(), segment.tsVal(), segment.tsEcr(), blocks, segment.data());
    }

    /** True when {@code a} is before {@code b} in 32-bit sequence space (RFC 9293 section 3.4). */
    public static boolean before(long a, long b) {
        return (int) (b - a) > 0;
    }

    /** {@code a + n} modulo 2^32. */
    public static long plus(long a, long n) {
        return (a + n) & 0xffffffffL;
    }
}
