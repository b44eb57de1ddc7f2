package dev.parley.transport;

import dev.parley.wire.transport.TransportSegment;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code TR_BAD_FLAGS}, {@code TR_BAD_SACK} (an empty or inverted block).
 *
 * <p>The hot path ({@link #decode}, {@link #encode}) reads and writes the fixed-layout fields by hand, without
 * the generated classes' per-segment objects; the generated codec stays the reference ({@link #decodeGenerated},
 * {@link #encodeGenerated}), and a test checks that both agree on every vector and on random segments
 * [TR-SEG-8].
 */
public final class SegmentCodec {

    private static final byte[] EMPTY = new byte[0];

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
        int srcPort = u16(bytes, offset);
        int dstPort = u16(bytes, offset + 2);
        if (srcPort == 0 || dstPort == 0) {
            return dropped(DropReason.TR_BAD_PORT);
        }
        int flags = bytes[offset + 12] & (Segment.SYN | Segment.ACK | Segment.FIN | Segment.RST);
        if (!flagsValid(flags, lenData, numSack)) {
            return dropped(DropReason.TR_BAD_FLAGS);
        }
        List<Segment.SackBlock> blocks = List.of();
        if (numSack > 0) {
            Segment.SackBlock[] b = new Segment.SackBlock[numSack];
            for (int i = 0; i < numSack; i++) {
                int left = i32(bytes, offset + Segment.HEADER_LENGTH + 8 * i);
                int right = i32(bytes, offset + Segment.HEADER_LENGTH + 8 * i + 4);
                if (!SeqNum.lt(left, right)) {
                    return dropped(DropReason.TR_BAD_SACK);
                }
                b[i] = new Segment.SackBlock(left, right);
            }
            blocks = List.of(b);
        }
        byte[] data = lenData == 0 ? EMPTY : Arrays.copyOfRange(bytes, offset + fixed, offset + length);
        return new Decoded(new Segment(srcPort, dstPort, i32(bytes, offset + 4), i32(bytes, offset + 8), flags,
                Integer.toUnsignedLong(i32(bytes, offset + 14)), i32(bytes, offset + 18), i32(bytes, offset + 22),
                blocks, data), null);
    }

    /** The generated codec's decoding, the reference the hand-written {@link #decode} is tested against [TR-SEG-8]. */
    static Decoded decodeGenerated(byte[] bytes, int offset, int length) {
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
        List<Segment.SackBlock> blocks = numSack == 0 ? List.of() : new ArrayList<>(numSack);
        for (TransportSegment.SackBlock b : wire.sackBlocks()) {
            int left = (int) b.leftEdge();
            int right = (int) b.rightEdge();
            if (!SeqNum.lt(left, right)) {
                return dropped(DropReason.TR_BAD_SACK);
            }
            blocks.add(new Segment.SackBlock(left, right));
        }
        return new Decoded(new Segment(wire.srcPort(), wire.dstPort(), (int) wire.seqNum(), (int) wire.ackNum(),
                flags, wire.window(), (int) wire.tsVal(), (int) wire.tsEcr(), blocks, wire.data()), null);
    }

    /**
     * The flag rules [TR-SEG-3]: SYN excludes FIN and RST and carries no data; FIN excludes RST; a segment
     * that is neither an initial SYN nor an RST carries ACK; an RST carries no data; SACK blocks need ACK.
     */
    static boolean flagsValid(int flags, int lenData, int numSack) {
        boolean syn = (flags & Segment.SYN) != 0;
        boolean ack = (flags & Segment.ACK) != 0;
        boolean fin = (flags & Segment.FIN) != 0;
        boolean rst = (flags & Segment.RST) != 0;
        if (syn && (fin || rst || lenData > 0)) {
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
        return encodeFast(s);
    }

    /** The hand-written encoding of the hot path [TR-SEG-8]; the caller has checked the format rules. */
    private static byte[] encodeFast(Segment s) {
        byte[] out = new byte[s.encodedLength()];
        put16(out, 0, s.srcPort());
        put16(out, 2, s.dstPort());
        put32(out, 4, s.seqNum());
        put32(out, 8, s.ackNum());
        out[12] = (byte) s.flags();
        out[13] = (byte) s.sackBlocks().size();
        put32(out, 14, (int) s.window());
        put32(out, 18, s.tsVal());
        put32(out, 22, s.tsEcr());
        put16(out, 26, s.data().length);
        int at = Segment.HEADER_LENGTH;
        for (Segment.SackBlock b : s.sackBlocks()) {
            put32(out, at, b.leftEdge());
            put32(out, at + 4, b.rightEdge());
            at += Segment.SACK_BLOCK_LENGTH;
        }
        System.arraycopy(s.data(), 0, out, at, s.data().length);
        return out;
    }

    /** The generated codec's encoding, the reference for {@link #encode} [TR-SEG-8]. */
    static byte[] encodeGenerated(Segment s) {
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

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int i32(byte[] b, int at) {
        return (b[at] << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static Decoded dropped(DropReason reason) {
        return new Decoded(null, reason);
    }
}
