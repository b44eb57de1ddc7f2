package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

/**
 * The datagram chapter's receive checks, written again from spec/datagram.md §5.1 and §5.3 without the codec, so
 * that tests can say what any input must decode to: the drop code of the first failing check [DG-RECV-1]
 * [DG-CTL-11], or a value that encodes back to the very same bytes.
 */
final class DatagramRules {

    private DatagramRules() {
    }

    /** {@code ReceiveDatagram} checks 1 to 6, first failure wins; null when the datagram passes all six. */
    static DropReason expectedPacketDrop(byte[] d, int maxPacketSize, IntPredicate protocolKnown) {
        if (d.length > maxPacketSize) {
            return DropReason.DG_TOO_LARGE;
        }
        if (d.length < 8) {
            return DropReason.DG_TRUNCATED;
        }
        if ((d[0] & 0xFF) != 1) {
            return DropReason.DG_BAD_VERSION;
        }
        if (u16(d, 2) != d.length) {
            return DropReason.DG_BAD_LENGTH;
        }
        byte[] zeroed = d.clone();
        Arrays.fill(zeroed, 4, 8, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        if (u32(d, 4) != crc.getValue()) {
            return DropReason.DG_BAD_CHECKSUM;
        }
        if (!protocolKnown.test(d[1] & 0xFF)) {
            return DropReason.DG_UNKNOWN_PROTOCOL;
        }
        return null;
    }

    /** {@code HandleControl} checks 1 to 4, first failure wins; null when the control payload passes them. */
    static DropReason expectedControlDrop(byte[] p) {
        if (p.length < 2) {
            return DropReason.CTL_TRUNCATED;
        }
        int type = p[0] & 0xFF;
        int code = p[1] & 0xFF;
        if (type != 0 && type != 3 && type != 8) {
            return DropReason.CTL_UNKNOWN_TYPE;
        }
        if (p.length - 2 < 4) {
            return DropReason.CTL_TRUNCATED;
        }
        if (type != 3 && code != 0) {
            return DropReason.CTL_BAD_CODE;
        }
        if (type == 3 && code > 1) {
            return DropReason.CTL_BAD_CODE;
        }
        return null;
    }

    /** Decodes {@code d} and checks the outcome against the rules; returns the packet, or null if dropped. */
    static Packet checkPacket(DatagramCodec codec, byte[] d, IntPredicate protocolKnown) {
        Decoded<Packet> got = codec.decode(d);
        DropReason expected = expectedPacketDrop(d, codec.maxPacketSize(), protocolKnown);
        if (expected != null) {
            assertThat(got).as("decode of %s", hex(d)).isEqualTo(Decoded.dropped(expected));
            return null;
        }
        assertThat(got).as("decode of %s", hex(d)).isInstanceOf(Decoded.Ok.class);
        Packet packet = ((Decoded.Ok<Packet>) got).value();
        assertThat(packet.nextProtocol()).isEqualTo(d[1] & 0xFF);
        assertThat(packet.payload()).isEqualTo(Arrays.copyOfRange(d, 8, d.length));
        assertThat(codec.encode(packet.nextProtocol(), packet.payload())).as("re-encoded").isEqualTo(d);
        return packet;
    }

    /** Decodes a control payload and checks the outcome against the rules. */
    static void checkControl(DatagramCodec codec, byte[] p) {
        Decoded<Control> got = codec.decodeControl(p);
        DropReason expected = expectedControlDrop(p);
        if (expected != null) {
            assertThat(got).as("control %s", hex(p)).isEqualTo(Decoded.dropped(expected));
            return;
        }
        assertThat(got).as("control %s", hex(p)).isInstanceOf(Decoded.Ok.class);
        Control control = ((Decoded.Ok<Control>) got).value();
        int type = p[0] & 0xFF;
        if (type == 3) {
            assertThat(control).isInstanceOf(Control.Unreachable.class);
            Control.Unreachable u = (Control.Unreachable) control;
            assertThat(u.code()).isEqualTo(p[1] & 0xFF);
            assertThat(u.port()).isEqualTo(u16(p, 4));
            // Only the quote's first 64 octets are kept [DG-CTL-5]; the reserved field is not [DG-CTL-6].
            assertThat(u.invokingPacket()).isEqualTo(Arrays.copyOfRange(p, 6, Math.min(p.length, 6 + 64)));
        } else {
            assertThat(control).isInstanceOf(Control.Echo.class);
            Control.Echo e = (Control.Echo) control;
            assertThat(e.reply()).isEqualTo(type == 0);
            assertThat(e.identifier()).isEqualTo(u16(p, 2));
            assertThat(e.sequenceNumber()).isEqualTo(u16(p, 4));
            assertThat(e.data()).isEqualTo(Arrays.copyOfRange(p, 6, p.length));
            assertThat(codec.encodeControl(e)).as("re-encoded").isEqualTo(p);
        }
    }

    /** Reads a quoted packet's header, which a quote cut short cannot be checked for length or checksum. */
    static void checkQuoted(DatagramCodec codec, byte[] quote) {
        Packet got = codec.decodeQuoted(quote);
        if (quote.length < 8 || (quote[0] & 0xFF) != 1) {
            assertThat(got).as("quote %s", hex(quote)).isNull();
            return;
        }
        assertThat(got).as("quote %s", hex(quote)).isNotNull();
        assertThat(got.nextProtocol()).isEqualTo(quote[1] & 0xFF);
        assertThat(got.payload()).isEqualTo(Arrays.copyOfRange(quote, 8, quote.length));
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 96)) + (b.length > 96 ? "..." : "");
    }
}
