package dev.parley.transport;

import dev.parley.wire.transport.TransportSegment;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes transport segments (spec/transport.md, "Segment format"). The only class that
 * touches the generated codec of {@code ksy/transport/}: it sets {@code num_sack_blocks} and
 * {@code len_data}, calls {@code _check()} and {@code _write()}, and turns every malformed input into a
 * {@link DropReason} instead of an exception [TR-ERR-1].
 *
 * <p>Procedure {@code ReceiveSegment} checks, in this order, first failure wins [TR-SEG-6]:
 * {@code TR_TRUNCATED} (shorter than the header), {@code TR_BAD_SACK} (more than 4 blocks),
 * {@code TR_TRUNCATED} (shorter than header and blocks), {@code TR_BAD_LENGTH}, {@code TR_BAD_PORT},
 * {@code TR_BAD_FLAGS} (an open option outside 188..65499 included), {@code TR_BAD_SACK} (an empty or
 * inverted block).
 */
public final class SegmentCodec {

    private static final byte[] EMPTY = new byte[0];
    /** Length of the {@code open_option} a SYN or SYN|ACK may carry [TR-MSS-1]. */
    public static final int OPEN_OPTION_LENGTH = 2;
    /** Smallest {@code max_segment} an open option may announce: transport §17's bound [TR-MSS-1]. */
    public static final int MIN_ANNOUNCED_SEGMENT = 188;

    private SegmentCodec() {
    }

    /** The outcome of decoding: a segment, or the reason it is dropped. */
    public record Decoded(Segment segment, DropReason dropReason) {
        public boolean ok() {
            return segment != null;
        }
    }

    public static Decoded decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Procedure {@code ReceiveSegment} [TR-SEG-6]. The two length fields are read before the generated parser
     * runs, so that a segment whose lengths do not add up is dropped with its code instead of making the parser
     * read past the datagram.
     */
    public static Decoded decode(byte[] bytes, int offset, int length) {
        if (length < Segment.HEADER_LENGTH) {
            return dropped(DropReason.TR_TRUNCATED);
        }
        int numSack = bytes[offset + 13] & 0xFF;
        if (numSack > Segment.MAX_SACK_BLOCKS) {
            return dropped(DropReason.TR_BAD_SACK);
        }
        int fixed = Segment.HEADER_LENGTH + Segment.SACK_BLOCK_LENGTH * numSack;
        if (length < fixed) {
            return dropped(DropReason.TR_TRUNCATED);
        }
        int lenData = ((bytes[offset + 26] & 0xFF) << 8) | (bytes[offset + 27] & 0xFF);
        if (fixed + lenData != length) {
            return dropped(DropReason.TR_BAD_LENGTH);
        }
        TransportSegment wire = new TransportSegment(
                new ByteBufferKaitaiStream(ByteBuffer.wrap(bytes, offset, length).slice()));
        wire._read();
        if (wire.srcPort() == 0 || wire.dstPort() == 0) {
            return dropped(DropReason.TR_BAD_PORT);
        }
        TransportSegment.SegmentFlags f = wire.flags();
        int flags = (f.syn() ? Segment.SYN : 0) | (f.ack() ? Segment.ACK : 0) | (f.fin() ? Segment.FIN : 0)
                | (f.rst() ? Segment.RST : 0);
        if (!flagsValid(flags, wire.lenData(), numSack)) {
            return dropped(DropReason.TR_BAD_FLAGS);
        }
        if (f.syn() && wire.lenData() == OPEN_OPTION_LENGTH) {
            int announced = openOption(wire.data());
            if (announced < MIN_ANNOUNCED_SEGMENT || announced > TransportConfig.MAX_SEGMENT_BYTES) {
                return dropped(DropReason.TR_BAD_FLAGS);
            }
        }
        List<Segment.SackBlock> blocks = numSack == 0 ? List.of() : new ArrayList<>(numSack);
        for (TransportSegment.SackBlock b : wire.sackBlocks()) {
            int left = (int) b.leftEdge();
            int right = (int) b.rightEdge();
            if (right - left <= 0) { // [TR-SEG-4] right after left: (right - left) as signed 32 bits > 0 (transport.md §3)
                return dropped(DropReason.TR_BAD_SACK);
            }
            blocks.add(new Segment.SackBlock(left, right));
        }
        return new Decoded(new Segment(wire.srcPort(), wire.dstPort(), (int) wire.seqNum(), (int) wire.ackNum(),
                flags, wire.window(), (int) wire.tsVal(), (int) wire.tsEcr(), blocks, wire.data()), null);
    }

    /**
     * The {@code max_segment} of a SYN's {@code open_option} [TR-MSS-1], read with the generated type.
     *
     * @param data the SYN's data, exactly {@link #OPEN_OPTION_LENGTH} bytes
     */
    public static int openOption(byte[] data) {
        TransportSegment.OpenOption option = new TransportSegment.OpenOption(new ByteBufferKaitaiStream(data));
        option._read();
        return option.maxSegment();
    }

    /** The data of a SYN or SYN|ACK announcing {@code maxSegment} [TR-MSS-1]. */
    public static byte[] openOptionBytes(int maxSegment) {
        TransportSegment.OpenOption option = new TransportSegment.OpenOption();
        option.setMaxSegment(maxSegment);
        option._check();
        byte[] out = new byte[OPEN_OPTION_LENGTH];
        option._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }

    /**
     * The flag rules [TR-SEG-3]: SYN excludes FIN and RST and carries no data but its 2-byte open option
     * [TR-MSS-1]; FIN excludes RST; a segment
     * that is neither an initial SYN nor an RST carries ACK; an RST carries no data; SACK blocks need ACK.
     */
    static boolean flagsValid(int flags, int lenData, int numSack) {
        boolean syn = (flags & Segment.SYN) != 0;
        boolean ack = (flags & Segment.ACK) != 0;
        boolean fin = (flags & Segment.FIN) != 0;
        boolean rst = (flags & Segment.RST) != 0;
        if (syn && (fin || rst || (lenData != 0 && lenData != OPEN_OPTION_LENGTH))) {
            return false;
        }
        if (rst && (fin || lenData > 0)) {
            return false;
        }
        if (!ack && !syn && !rst) {
            return false;
        }
        return ack || numSack == 0;
    }

    /**
     * Procedure {@code SendSegment}: the bytes of one segment, with {@code num_sack_blocks} and
     * {@code len_data} set.
     *
     * @throws IllegalArgumentException if the segment breaks a format rule (a bug in the caller)
     */
    public static byte[] encode(Segment s) {
        if (s.sackBlocks().size() > Segment.MAX_SACK_BLOCKS || s.data().length > 0xFFFF
                || s.srcPort() <= 0 || s.srcPort() > 0xFFFF || s.dstPort() <= 0 || s.dstPort() > 0xFFFF
                || (s.flags() & Segment.RESERVED) != 0
                || !flagsValid(s.flags(), s.data().length, s.sackBlocks().size())) {
            throw new IllegalArgumentException("not a valid segment: " + s);
        }
        return encodeUnchecked(s);
    }

    /** Encodes without the format rules, so tests can build invalid segments. Lengths are still consistent. */
    static byte[] encodeUnchecked(Segment s) {
        TransportSegment wire = new TransportSegment();
        wire.setSrcPort(s.srcPort());
        wire.setDstPort(s.dstPort());
        wire.setSeqNum(Integer.toUnsignedLong(s.seqNum()));
        wire.setAckNum(Integer.toUnsignedLong(s.ackNum()));
        TransportSegment.SegmentFlags flags = new TransportSegment.SegmentFlags(null, wire, wire);
        flags.setReserved((s.flags() & Segment.RESERVED) >>> 4);
        flags.setRst(s.rst());
        flags.setFin(s.fin());
        flags.setAck(s.ack());
        flags.setSyn(s.syn());
        flags._check();
        wire.setFlags(flags);
        wire.setNumSackBlocks(s.sackBlocks().size());
        wire.setWindow(s.window());
        wire.setTsVal(Integer.toUnsignedLong(s.tsVal()));
        wire.setTsEcr(Integer.toUnsignedLong(s.tsEcr()));
        wire.setLenData(s.data().length);
        List<TransportSegment.SackBlock> blocks = new ArrayList<>(s.sackBlocks().size());
        for (Segment.SackBlock b : s.sackBlocks()) {
            TransportSegment.SackBlock w = new TransportSegment.SackBlock(null, wire, wire);
            w.setLeftEdge(Integer.toUnsignedLong(b.leftEdge()));
            w.setRightEdge(Integer.toUnsignedLong(b.rightEdge()));
            w._check();
            blocks.add(w);
        }
        wire.setSackBlocks(blocks);
        wire.setData(s.data());
        wire._check();
        byte[] out = new byte[s.encodedLength()];
        wire._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }

    private static Decoded dropped(DropReason reason) {
        return new Decoded(null, reason);
    }
}
