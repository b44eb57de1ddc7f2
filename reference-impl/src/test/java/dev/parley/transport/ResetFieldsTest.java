package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every field of an RST answering a segment without connection [TR-DEMUX-3] [TR-RST-4] [TR-RTT-2]. */
class ResetFieldsTest {

    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40002);

    final TestClock clock = new TestClock();
    final List<Segment> sent = new ArrayList<>();
    final TransportEndpoint endpoint = new TransportEndpoint(TransportConfig.defaults(),
            (to, bytes) -> sent.add(SegmentCodec.decode(bytes).segment()), new Random(3), clock);

    @Test
    @DisplayName("[TR-RST-4] an RST answering an ACK: seq_num = its ack_num, window 0, ts_val our clock (not 0), ts_ecr 0")
    void rstAnsweringAnAck() {
        clock.advanceTo(0x1_0000_0000L * 1000); // the clock's microseconds are 0 modulo 2^32 here
        endpoint.onSegment(PEER, SegmentCodec.encode(new Segment(50000, 7000, 100, 12345, Segment.ACK, 4096, 777, 0,
                List.of(), new byte[0])), clock.getAsLong());

        assertThat(sent).hasSize(1);
        Segment rst = sent.get(0);
        assertThat(rst.flags()).isEqualTo(Segment.RST);
        assertThat(rst.seqNum()).isEqualTo(12345);
        assertThat(rst.ackNum()).isZero();
        assertThat(rst.window()).isZero();
        assertThat(rst.tsVal()).isNotZero();
        assertThat(rst.tsEcr()).isZero();
        assertThat(rst.sackBlocks()).isEmpty();
        assertThat(rst.data()).isEmpty();
    }

    @Test
    @DisplayName("[TR-RST-4] an RST answering a SYN|ACK without connection: seq_num = its ack_num, window 0, ts_val our clock")
    void rstAnsweringASynAck() {
        clock.advanceMillis(5);
        endpoint.onSegment(PEER, SegmentCodec.encode(new Segment(50000, 7000, 100, 0, Segment.SYN, 4096, 777, 0,
                List.of(), new byte[0])), clock.getAsLong());
        assertThat(sent).as("a SYN to a port without listener draws no RST [TR-DEMUX-2]").isEmpty();

        endpoint.onSegment(PEER, SegmentCodec.encode(new Segment(50000, 7000, 100, 5, Segment.SYN | Segment.ACK, 4096, 778,
                0, List.of(), new byte[0])), clock.getAsLong());

        Segment rst = sent.get(0);
        assertThat(rst.flags()).isEqualTo(Segment.RST);
        assertThat(rst.seqNum()).isEqualTo(5);
        assertThat(rst.tsVal()).isEqualTo((int) (clock.getAsLong() / 1000));
        assertThat(rst.window()).isZero();
    }
}
