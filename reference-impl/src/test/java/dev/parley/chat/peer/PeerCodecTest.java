package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.chat.peer.PeerWire.Header;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeerCodecTest {
    private static final int MAX = 1000;
    private static final byte[] ID = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static Header header(int type, long seq) {
        return new Header(type, 1, 1, "Alice", "Bob", ID, 1_700_000_000_000L, seq);
    }

    private static byte[] open() {
        return PeerCodec.encodeOpen(header(PeerWire.PEER_OPEN, 0), new byte[384], new byte[384], new byte[40]);
    }

    private static PeerCode codeOf(byte[] m) {
        try {
            PeerCodec.decode(m, MAX);
            return null;
        } catch (PeerException e) {
            return e.code();
        }
    }

    @Test
    @DisplayName("[PM-RCV-1] a PeerOpen round-trips, and its header octets are the AAD prefix")
    void openRoundTrips() throws Exception {
        byte[] m = open();
        PeerWire.Open o = (PeerWire.Open) PeerCodec.decode(m, MAX);
        assertThat(o.header().sender()).isEqualTo("Alice");
        assertThat(o.header().recipient()).isEqualTo("Bob");
        assertThat(o.header().messageId()).isEqualTo(ID);
        assertThat(o.header().timestampMs()).isEqualTo(1_700_000_000_000L);
        assertThat(o.wrappedKey()).hasSize(384);
        assertThat(o.signature()).hasSize(384);
        assertThat(o.sealed()).hasSize(40);
        assertThat(o.headerBytes()).isEqualTo(PeerCodec.encodeHeader(o.header()))
                .isEqualTo(Arrays.copyOf(m, 3 + 1 + 5 + 1 + 3 + 16 + 8 + 8));
        assertThat(PeerCodec.encodeOpen(o.header(), o.wrappedKey(), o.signature(), o.sealed())).isEqualTo(m);
    }

    @Test
    @DisplayName("[PM-RCV-1] a PeerMessage and a PeerError round-trip")
    void messageAndErrorRoundTrip() throws Exception {
        byte[] m = PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, 7), new byte[17]);
        PeerWire.Sealed s = (PeerWire.Sealed) PeerCodec.decode(m, MAX);
        assertThat(s.header().seq()).isEqualTo(7);
        assertThat(s.sealed()).hasSize(17);
        assertThat(PeerCodec.encodeMessage(s.header(), s.sealed())).isEqualTo(m);
        byte[] e = PeerCodec.encodeError(PeerCode.NOT_FOR_ME);
        assertThat(e).containsExactly(0x7F, 1, 1, 0, 6);
        assertThat(((PeerWire.Error) PeerCodec.decode(e, MAX)).code()).isEqualTo(6);
    }

    @Test
    @DisplayName("[PM-BODY-1] bodies round-trip: text, receipt, key_update")
    void bodiesRoundTrip() throws Exception {
        for (PeerWire.Body b : new PeerWire.Body[] {new PeerWire.Text("héllo ✓"), new PeerWire.Text(""),
                new PeerWire.Receipt(ID), new PeerWire.KeyUpdate()}) {
            assertThat(PeerCodec.decodeBody(PeerCodec.encodeBody(b), MAX)).isEqualTo(b);
        }
    }

    @Test
    @DisplayName("[PM-RCV-1] checks run in order: length, type, version, suite, fields")
    void checkOrder() {
        byte[] m = open();
        assertThat(codeOf(new byte[0])).isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(new byte[] {0x20, 1})).isEqualTo(PeerCode.MALFORMED);
        byte[] t = m.clone();
        t[0] = 0x22;
        t[1] = 9;
        assertThat(codeOf(t)).isEqualTo(PeerCode.UNKNOWN_TYPE);
        byte[] v = m.clone();
        v[1] = 2;
        v[2] = 2;
        assertThat(codeOf(v)).isEqualTo(PeerCode.BAD_VERSION);
        byte[] s = m.clone();
        s[2] = 2;
        assertThat(codeOf(s)).isEqualTo(PeerCode.BAD_SUITE);
        assertThat(codeOf(new byte[] {0x7F, 1, 9, 0, 1})).isNull(); // a PeerError is read whatever its suite
    }

    @Test
    @DisplayName("[PM-RCV-1] malformed messages: truncated, trailing, bad name, wrong key and signature lengths, sealed out of bounds, seq at 2^63")
    void malformedMessages() {
        byte[] m = open();
        assertThat(codeOf(Arrays.copyOf(m, 20))).isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(new byte[] {0x7F, 1, 1, 0, 1, 0})).isEqualTo(PeerCode.MALFORMED);
        byte[] name = m.clone();
        name[4] = ' ';
        assertThat(codeOf(name)).isEqualTo(PeerCode.MALFORMED);
        byte[] noName = PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, 1), new byte[17]);
        noName[3] = 0; // len_sender 0: the rest shifts and the empty name is refused
        assertThat(codeOf(noName)).isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(PeerCodec.encodeOpen(header(PeerWire.PEER_OPEN, 0), new byte[383], new byte[384],
                new byte[40]))).isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(PeerCodec.encodeOpen(header(PeerWire.PEER_OPEN, 0), new byte[384], new byte[256],
                new byte[40]))).isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, 1), new byte[15])))
                .isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, 1), new byte[MAX + 18])))
                .isEqualTo(PeerCode.MALFORMED);
        assertThat(codeOf(PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, 1), new byte[MAX + 17]))).isNull();
        assertThat(codeOf(PeerCodec.encodeMessage(header(PeerWire.PEER_MESSAGE, Long.MIN_VALUE), new byte[17])))
                .isEqualTo(PeerCode.MALFORMED);
    }

    @Test
    @DisplayName("[PM-BODY-1] [PM-MSG-3] malformed bodies: empty, unknown type, receipt length, key_update fields, bad UTF-8, text over max_text")
    void malformedBodies() {
        for (byte[] b : new byte[][] {{}, {4}, {2, 1, 2}, {3, 0}, {1, (byte) 0xC3}, {1, (byte) 0xFF}}) {
            assertThatThrownBy(() -> PeerCodec.decodeBody(b, MAX)).isInstanceOfSatisfying(PeerException.class,
                    e -> assertThat(e.code()).isEqualTo(PeerCode.MALFORMED));
        }
        byte[] big = new byte[MAX + 2];
        big[0] = 1;
        Arrays.fill(big, 1, big.length, (byte) 'a');
        assertThatThrownBy(() -> PeerCodec.decodeBody(big, MAX)).isInstanceOf(PeerException.class);
    }

    @Test
    @DisplayName("[PM-ERR-1] an unassigned PeerError code is PM_UNKNOWN_ERROR; local codes never go on the wire")
    void codes() {
        assertThat(PeerCode.ofValue(6)).isEqualTo(PeerCode.NOT_FOR_ME);
        assertThat(PeerCode.ofValue(999)).isEqualTo(PeerCode.UNKNOWN_ERROR);
        assertThat(PeerCode.ofValue(-1)).isEqualTo(PeerCode.UNKNOWN_ERROR);
        assertThatThrownBy(() -> PeerCodec.encodeError(PeerCode.OFFLINE)).isInstanceOf(IllegalArgumentException.class);
    }
}
