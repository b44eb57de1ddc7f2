package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How each end learns the other's largest segment: the open option of SYN and SYN|ACK [TR-MSS-1], and the
 * default until it is known [TR-MSS-2]. Two engines on an in-memory link and a test clock.
 */
class OpenOptionTest {

    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);
    static final long SECOND = 1_000_000_000L;
    static final int PORT = 7000;
    static final int KIB_64 = 64 * 1024;

    final LossyLink link = new LossyLink(7);

    static byte[] pattern(int n, long seed) {
        byte[] d = new byte[n];
        new Random(seed).nextBytes(d);
        return d;
    }

    @Test
    @DisplayName("[TR-MSS-1] a SYN with a 2-byte open option decodes, and its option is no sequence space")
    void decodesSynWithOpenOption() {
        // SYN, seq 0x12345678, window 65536, ts_val 1000, len_data 2, max_segment 1492 (0x05d4).
        byte[] bytes = HexFormat.of().parseHex("c0001b581234567800000000010000010000000003e800000000000205d4");
        SegmentCodec.Decoded d = SegmentCodec.decode(bytes);

        assertThat(d.ok()).isTrue();
        assertThat(SegmentCodec.openOption(d.segment().data())).isEqualTo(1492);
        assertThat(d.segment().seqLength()).isEqualTo(1);
        assertThat(SegmentCodec.encode(d.segment())).isEqualTo(bytes);
    }

    @Test
    @DisplayName("[TR-MSS-1] [TR-SEG-3] an open option outside 188..65499, or SYN data of another length, is TR_BAD_FLAGS")
    void dropsBadOpenOptions() {
        String header = "c0001b581234567800000000010000010000000003e800000000";
        assertThat(SegmentCodec.decode(HexFormat.of().parseHex(header + "000200bb")).dropReason())
                .as("187").isEqualTo(DropReason.TR_BAD_FLAGS);
        assertThat(SegmentCodec.decode(HexFormat.of().parseHex(header + "000200bc")).ok())
                .as("188").isTrue();
        assertThat(SegmentCodec.decode(HexFormat.of().parseHex(header + "0002ffdc")).dropReason())
                .as("65500").isEqualTo(DropReason.TR_BAD_FLAGS);
        assertThat(SegmentCodec.decode(HexFormat.of().parseHex(header + "00030004ff")).dropReason())
                .as("3 bytes").isEqualTo(DropReason.TR_BAD_FLAGS);
    }

    @Test
    @DisplayName("[TR-MSS-1] [TR-MSS-2] a 1500-byte-packet node and a default peer exchange 64 KiB both ways in default-sized segments")
    void largeNodeAndDefaultPeerExchangeInDefaultSegments() {
        TransportEndpoint large = link.endpoint(A, TransportConfig.defaults().withMaxSegmentBytes(1492));
        TransportEndpoint small = link.endpoint(B, TransportConfig.defaults());

        exchange(large, small);

        Segment synAck = link.sent.stream().filter(s -> s.syn() && s.ack()).findFirst().orElseThrow();
        assertThat(SegmentCodec.openOption(synAck.data())).as("the listener announces 1492").isEqualTo(1492);
        Segment syn = link.sent.stream().filter(s -> s.syn() && !s.ack()).findFirst().orElseThrow();
        assertThat(syn.data()).as("a default node announces nothing").isEmpty();
        assertThat(link.sent).allMatch(s -> s.encodedLength() <= TransportConfig.DEFAULT_SEGMENT_BYTES);
    }

    @Test
    @DisplayName("[TR-MSS-2] two 1500-byte-packet nodes use their larger segments once both have announced them")
    void twoLargeNodesUseLargeSegments() {
        TransportEndpoint a = link.endpoint(A, TransportConfig.defaults().withMaxSegmentBytes(1492));
        TransportEndpoint b = link.endpoint(B, TransportConfig.defaults().withMaxSegmentBytes(1492));

        exchange(a, b);

        assertThat(link.sent).allMatch(s -> s.encodedLength() <= 1492);
        assertThat(link.sent).anyMatch(s -> s.encodedLength() > TransportConfig.DEFAULT_SEGMENT_BYTES);
    }

    @Test
    @DisplayName("[TR-MSS-2] a peer that announces a small maximum never receives a larger segment")
    void smallAnnouncementIsHonoured() {
        TransportEndpoint a = link.endpoint(A, TransportConfig.defaults().withMaxSegmentBytes(492));
        TransportEndpoint b = link.endpoint(B, TransportConfig.defaults());

        exchange(a, b);

        assertThat(link.sent).allMatch(s -> s.encodedLength() <= 492);
    }

    /** {@code listener} listens, {@code connector} connects; each sends 64 KiB and receives the other's intact. */
    private void exchange(TransportEndpoint listener, TransportEndpoint connector) {
        Recorder server = new Recorder();
        listener.listen(PORT, server);
        byte[] up = pattern(KIB_64, 1);
        byte[] down = pattern(KIB_64, 2);
        Sender client = new Sender(up, false);
        connector.connect(A, PORT, client);
        assertThat(link.runUntil(() -> server.opens == 1, SECOND)).isTrue();
        assertThat(server.connection.send(down)).isEqualTo(KIB_64);

        assertThat(link.runUntil(() -> server.received.size() == KIB_64 && client.recorder.received.size() == KIB_64,
                30 * SECOND)).isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(up);
        assertThat(client.recorder.received.toByteArray()).isEqualTo(down);
        assertThat(List.of(server.closes, client.recorder.closes)).allMatch(List::isEmpty);
    }
}
