package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The segment format rules of spec/transport.md §4 [TR-SEG-2] to [TR-SEG-5], written again without the codec: which
 * rules a byte string breaks. Tests require that a segment decodes exactly when it breaks none, that a drop names
 * one of the rules it breaks (which one the check order [TR-SEG-6] decides), and that a decoded segment encodes
 * back to the same bytes. Public so that the datagram layer's receive-path tests can use it.
 */
public final class SegmentRules {

    private SegmentRules() {
    }

    /** Every drop code the bytes deserve; empty for a well-formed segment. */
    public static Set<DropReason> violations(byte[] d) {
        Set<DropReason> out = EnumSet.noneOf(DropReason.class);
        if (d.length < 28) {
            out.add(DropReason.TR_TRUNCATED);
            return out;
        }
        int numSack = d[13] & 0xFF;
        if (numSack > 4) {
            out.add(DropReason.TR_BAD_SACK);
        }
        int fixed = 28 + 8 * numSack;
        int lenData = u16(d, 26);
        if (d.length < fixed) {
            out.add(DropReason.TR_TRUNCATED);
        }
        if (fixed + lenData != d.length) {
            out.add(DropReason.TR_BAD_LENGTH);
            if (fixed + lenData > d.length) {
                out.add(DropReason.TR_TRUNCATED); // "a shorter segment is TR_TRUNCATED" [TR-SEG-2]
            }
        }
        if (!out.isEmpty()) {
            return out; // the fields after the header cannot be trusted any further
        }
        if (u16(d, 0) == 0 || u16(d, 2) == 0) {
            out.add(DropReason.TR_BAD_PORT);
        }
        boolean rst = (d[12] & 0x08) != 0;
        boolean fin = (d[12] & 0x04) != 0;
        boolean ack = (d[12] & 0x02) != 0;
        boolean syn = (d[12] & 0x01) != 0;
        if ((syn && (fin || rst || lenData > 0)) || (rst && (fin || lenData > 0)) || (!syn && !ack && !rst)
                || (numSack > 0 && !ack)) {
            out.add(DropReason.TR_BAD_FLAGS);
        }
        for (int i = 0; i < numSack; i++) {
            int left = (int) u32(d, 28 + 8 * i);
            int right = (int) u32(d, 32 + 8 * i);
            if (right - left <= 0) {
                out.add(DropReason.TR_BAD_SACK);
            }
        }
        return out;
    }

    /** Decodes {@code d} and checks the outcome against the rules; returns the segment, or null if dropped. */
    public static Segment check(byte[] d) {
        SegmentCodec.Decoded got = SegmentCodec.decode(d);
        Set<DropReason> broken = violations(d);
        String what = "segment " + HexFormat.of().formatHex(d, 0, Math.min(d.length, 96));
        if (!broken.isEmpty()) {
            assertThat(got.ok()).as(what + " breaks " + broken).isFalse();
            assertThat(got.dropReason()).as(what).isIn(broken);
            return null;
        }
        assertThat(got.ok()).as(what + " is well-formed, dropped as " + got.dropReason()).isTrue();
        byte[] canonical = d.clone();
        canonical[12] &= 0x0F; // reserved bits are ignored on receipt and sent as zero [TR-SEG-3]
        assertThat(SegmentCodec.encode(got.segment())).as(what + " re-encoded").isEqualTo(canonical);
        return got.segment();
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}
