package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine on an in-memory link and a test clock: every test moves time, none sleeps. */
class TransportEndpointTest {

    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);
    static final long SECOND = 1_000_000_000L;
    static final int PORT = 7000;

    final LossyLink link = new LossyLink(42);
    final TransportEndpoint a = link.endpoint(A, TransportConfig.defaults());
    final TransportEndpoint b = link.endpoint(B, TransportConfig.defaults());
    final Recorder server = new Recorder();

    static byte[] pattern(int n, long seed) {
        byte[] d = new byte[n];
        new Random(seed).nextBytes(d);
        return d;
    }

    @Test
    @DisplayName("[TR-OPEN-1] [TR-OPEN-2] [TR-OPEN-4] three-way open reports open on both sides")
    void shouldOpenWithThreeWayHandshake() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);

        assertThat(link.runUntil(() -> client.opens == 1 && server.opens == 1, SECOND)).isTrue();
        assertThat(c.state()).isEqualTo(State.ESTABLISHED);
        assertThat(server.connection.state()).isEqualTo(State.ESTABLISHED);
        assertThat(link.sent).hasSize(3);
        assertThat(link.sent.get(0).flags()).isEqualTo(Segment.SYN);
        assertThat(link.sent.get(1).flags()).isEqualTo(Segment.SYN | Segment.ACK);
        assertThat(link.sent.get(1).ackNum()).isEqualTo(link.sent.get(0).seqNum() + 1);
        assertThat(link.sent.get(2).flags()).isEqualTo(Segment.ACK);
    }

    @Test
    @DisplayName("[TR-OPEN-8] initial sequence numbers differ per connection and per endpoint secret")
    void shouldChooseUnpredictableInitialSequenceNumbers() {
        b.listen(PORT, server);
        a.connect(B, PORT, new Recorder());
        a.connect(B, PORT, new Recorder());
        List<Integer> isns = link.sent.stream().filter(s -> s.flags() == Segment.SYN).map(Segment::seqNum).toList();
        assertThat(isns).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("[TR-DATA-3] [TR-SEG-7] a megabyte arrives in order, exactly once, then both sides close [TR-CLOSE-2]")
    void shouldDeliverBulkDataInOrderAndClose() {
        server.closeOnPeerClose = true;
        b.listen(PORT, server);
        byte[] data = pattern(1 << 20, 1);
        Sender sender = new Sender(data, true);
        a.connect(B, PORT, sender);

        assertThat(link.runUntil(() -> server.closed() && sender.recorder.closed(), 30 * SECOND)).isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(data);
        assertThat(server.closes).containsExactly(CloseReason.TR_CLOSED);
        assertThat(sender.recorder.closes).containsExactly(CloseReason.TR_CLOSED);
        assertThat(link.sent).allMatch(s -> s.encodedLength() <= 1192);
        link.runFor(70 * SECOND);
        assertThat(a.connectionCount()).as("TIME_WAIT ended [TR-CLOSE-5]").isZero();
        assertThat(b.connectionCount()).isZero();
    }

    @Test
    @DisplayName("[TR-RTX-1] [TR-RTX-4] a lost segment is retransmitted after the RTO")
    void shouldRetransmitAfterTimeout() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> client.opens == 1, SECOND);
        // The first send and the three tail loss probes' retransmissions [TR-LOSS-3] are all lost.
        int[] dropped = {0};
        link.dropFilter = s -> s.data().length > 0 && dropped[0]++ < 4;
        long sentAt = link.clock.getAsLong();
        c.send("hello".getBytes());

        assertThat(link.runUntil(() -> server.received.size() == 5, 5 * SECOND)).isTrue();
        long tookNanos = link.clock.getAsLong() - sentAt;
        assertThat(tookNanos).isBetween(200_000_000L, 1_500_000_000L);
        assertThat(a.stats().retransmissions()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("[TR-FR-1] three duplicate ACKs trigger a fast retransmit before any RTO")
    void shouldFastRetransmitOnDuplicateAcks() {
        b.listen(PORT, server);
        byte[] data = pattern(40_000, 2);
        Sender sender = new Sender(data, false);
        int[] dataSegments = {0};
        link.dropFilter = s -> s.data().length > 0 && ++dataSegments[0] == 3;
        a.connect(B, PORT, sender);

        assertThat(link.runUntil(() -> server.received.size() == data.length, 150_000_000L)).isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(data);
        assertThat(a.stats().fastRetransmits()).isEqualTo(1);
        assertThat(link.sent.stream().anyMatch(s -> !s.sackBlocks().isEmpty())).as("SACK sent [TR-SACK-2]").isTrue();
    }

    @Test
    @DisplayName("[TR-LOSS-1] [TR-LOSS-4] [TR-FR-1] two losses in one window are both repaired by SACK recovery, one window reduction, no RTO")
    void recoversTwoLossesInOneWindowWithoutTimeout() {
        b.listen(PORT, server);
        byte[] data = pattern(200_000, 3);
        Sender sender = new Sender(data, false);
        int[] dataSegments = {0};
        link.dropFilter = s -> s.data().length > 0 && (++dataSegments[0] == 12 || dataSegments[0] == 16);
        a.connect(B, PORT, sender);

        assertThat(link.runUntil(() -> server.received.size() == data.length, 150_000_000L))
                .as("done before the 200 ms minimum RTO").isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(data);
        assertThat(a.stats().retransmissions()).isEqualTo(2);
        assertThat(a.stats().fastRetransmits()).as("one recovery episode [TR-CC-1]").isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-LOSS-2] a lost retransmission is found by RACK and sent again, without waiting for the RTO")
    void recoversLostRetransmissionWithoutTimeout() {
        b.listen(PORT, server);
        byte[] data = pattern(200_000, 4);
        Sender sender = new Sender(data, false);
        int[] dataSegments = {0};
        int[] victim = {-1};
        int[] drops = {0};
        link.dropFilter = s -> {
            if (s.data().length == 0) {
                return false;
            }
            if (++dataSegments[0] == 12) {
                victim[0] = s.seqNum();
            }
            return s.seqNum() == victim[0] && drops[0]++ < 2;
        };
        a.connect(B, PORT, sender);

        assertThat(link.runUntil(() -> server.received.size() == data.length, 150_000_000L))
                .as("done before the 200 ms minimum RTO").isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(data);
        assertThat(drops[0]).isEqualTo(3);
        assertThat(a.stats().fastRetransmits()).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-LOSS-3] a lost last segment is repaired by the tail loss probe, before the RTO")
    void tailLossProbeFiresBeforeRto() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> client.opens == 1, SECOND);
        c.send(pattern(5_000, 5));
        link.runUntil(() -> server.received.size() == 5_000, SECOND);
        boolean[] dropped = {false};
        link.dropFilter = s -> s.data().length > 0 && !dropped[0] && (dropped[0] = true);
        long sentAt = link.clock.getAsLong();
        c.send("hello".getBytes());

        assertThat(link.runUntil(() -> server.received.size() == 5_005, 5 * SECOND)).isTrue();
        assertThat(link.clock.getAsLong() - sentAt).as("well before the 200 ms minimum RTO").isLessThan(100_000_000L);
        assertThat(a.stats().tailLossProbes()).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-RST-5] [TR-RST-1] abort resets the peer, who reports TR_RESET")
    void shouldResetPeerOnAbort() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        c.abort();
        assertThat(link.runUntil(server::closed, SECOND)).isTrue();
        assertThat(server.closes).containsExactly(CloseReason.TR_RESET);
        assertThat(client.closes).containsExactly(CloseReason.TR_ABORTED);
        assertThat(a.connectionCount()).isZero();
        assertThat(b.connectionCount()).isZero();
    }

    @Test
    @DisplayName("[TR-RST-2] [TR-RST-3] [TR-SEC-INJ-1] a blind RST with a guessed seq_num does not reset; an in-window one draws a challenge ACK")
    void shouldIgnoreBlindReset() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        Segment synAck = link.sent.get(1);
        int serverSeq = synAck.seqNum() + 1;
        int before = link.sent.size();
        link.inject(B, A, new Segment(PORT, c.localPort(), serverSeq + 123_456_789, 0, Segment.RST, 0, 0, 0, List.of(), new byte[0]));
        link.inject(B, A, new Segment(PORT, c.localPort(), serverSeq + 10, 0, Segment.RST, 0, 0, 0, List.of(), new byte[0]));
        link.runFor(100_000_000L);
        assertThat(c.state()).isEqualTo(State.ESTABLISHED);
        assertThat(client.closes).isEmpty();
        assertThat(a.stats().dropped(DropReason.TR_OUT_OF_WINDOW)).isEqualTo(1);
        assertThat(link.sent.subList(before, link.sent.size())).anyMatch(s -> s.flags() == Segment.ACK);
        link.inject(B, A, new Segment(PORT, c.localPort(), serverSeq, 0, Segment.RST, 0, 0, 0, List.of(), new byte[0]));
        link.runFor(100_000_000L);
        assertThat(client.closes).containsExactly(CloseReason.TR_RESET);
    }

    @Test
    @DisplayName("[TR-DEMUX-2] [TR-FAIL-2] a SYN to a port without listener is reported; the client closes with TR_UNREACHABLE")
    void shouldReportUnreachableWithoutListener() {
        Recorder client = new Recorder();
        a.connect(B, PORT, client);
        assertThat(link.runUntil(client::closed, SECOND)).isTrue();
        assertThat(client.closes).containsExactly(CloseReason.TR_UNREACHABLE);
        assertThat(a.connectionCount()).isZero();
    }

    @Test
    @DisplayName("[TR-DEMUX-3] a segment for no connection is answered with RST")
    void shouldAnswerStraySegmentWithReset() {
        link.inject(A, B, new Segment(5555, PORT, 1000, 2000, Segment.ACK, 100, 0, 0, List.of(), new byte[] {1}));
        link.runFor(10_000_000L);
        Segment last = link.sent.get(link.sent.size() - 1);
        assertThat(last.rst()).isTrue();
        assertThat(last.seqNum()).isEqualTo(2000);
    }

    @Test
    @DisplayName("[TR-RTX-6] [TR-FAIL-1] when the peer vanishes, the connection ends with TR_TIMEOUT in bounded time and nothing is kept")
    void shouldTimeOutWhenPeerVanishes() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        link.vanish(B);
        c.send(pattern(10_000, 3));
        assertThat(link.runUntil(client::closed, 200 * SECOND)).isTrue();
        assertThat(client.closes).containsExactly(CloseReason.TR_TIMEOUT);
        assertThat(a.connectionCount()).isZero();
    }

    @Test
    @DisplayName("[TR-KEEP-1] [TR-KEEP-3] an idle connection to a live peer survives on keepalives; to a vanished one it times out")
    void shouldKeepAliveAndTimeOutIdleConnections() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        link.runFor(180 * SECOND);
        assertThat(client.closes).isEmpty();
        assertThat(server.closes).isEmpty();
        link.vanish(B);
        assertThat(link.runUntil(client::closed, 120 * SECOND)).isTrue();
        assertThat(client.closes).containsExactly(CloseReason.TR_TIMEOUT);
    }

    @Test
    @DisplayName("[TR-ERR-1] malformed segments are dropped and counted per code, never thrown")
    void shouldCountMalformedSegments() {
        assertThat(b.onSegment(A, new byte[5], 0).outcome()).isEqualTo(SegmentVerdict.Outcome.DROPPED);
        assertThat(b.onSegment(A, new byte[28], 0).outcome()).isEqualTo(SegmentVerdict.Outcome.DROPPED);
        assertThat(b.stats().dropped(DropReason.TR_TRUNCATED)).isEqualTo(1);
        assertThat(b.stats().dropped(DropReason.TR_BAD_PORT)).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-SEC-SYN-1] [TR-SEC-SYN-2] a SYN flood fills at most maxHalfOpen records; the rest draw stateless cookies")
    void shouldBoundHalfOpenConnections() {
        TransportEndpoint small = link.endpoint(new InetSocketAddress("127.0.0.1", 40003),
                TransportConfig.defaults().withLimits(16, 4));
        small.listen(PORT, server);
        for (int i = 0; i < 20; i++) {
            Segment syn = new Segment(10_000 + i, PORT, i, 0, Segment.SYN, 1000, 1, 0, List.of(), new byte[0]);
            small.onSegment(A, SegmentCodec.encode(syn), link.clock.getAsLong());
        }
        assertThat(small.connectionCount()).isEqualTo(4);
        assertThat(small.stats().snapshot()).containsEntry("cookies_sent", 16L);
        assertThat(small.stats().dropped(DropReason.TR_BACKLOG_FULL)).isZero();
        link.runFor(120 * SECOND);
        assertThat(small.connectionCount()).as("half-open records expire [TR-RTX-6]").isZero();
    }

    @Test
    @DisplayName("[TR-SEC-AMP-1] a spoofed SYN draws at most three times its size in SYN|ACKs")
    void shouldLimitAmplificationToUnverifiedPeers() {
        b.listen(PORT, server);
        link.vanish(A);
        Segment syn = new Segment(10_000, PORT, 77, 0, Segment.SYN, 1000, 1, 0, List.of(), new byte[0]);
        b.onSegment(A, SegmentCodec.encode(syn), link.clock.getAsLong());
        link.runFor(120 * SECOND);
        long synAcks = link.sent.stream().filter(s -> s.syn() && s.ack()).count();
        assertThat(synAcks).isEqualTo(3);
        assertThat(b.connectionCount()).isZero();
    }

    @Test
    @DisplayName("[TR-REASM-2] out-of-order data beyond the range bound is dropped and counted, memory stays bounded")
    void shouldBoundReassembly() {
        TransportConfig cfg = TransportConfig.defaults();
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        Segment ack = link.sent.get(2);
        for (int i = 0; i < cfg.maxReassemblyRanges() + 10; i++) {
            link.inject(A, B, new Segment(c.localPort(), PORT, ack.seqNum() + 10 + 20 * i, ack.ackNum(), Segment.ACK,
                    1000, 5, 0, List.of(), new byte[10]));
        }
        link.runFor(10_000_000L);
        assertThat(b.stats().dropped(DropReason.TR_REASSEMBLY_FULL)).isEqualTo(10);
        assertThat(server.received.size()).isZero();
    }

    @Test
    @DisplayName("[TR-SM-3] send after close is refused with TR_INVALID_STATE; close and abort are idempotent")
    void shouldRejectSendAfterClose() {
        b.listen(PORT, server);
        Recorder client = new Recorder();
        Connection c = a.connect(B, PORT, client);
        link.runUntil(() -> server.opens == 1, SECOND);
        c.close();
        c.close();
        assertThatThrownBy(() -> c.send(new byte[1])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TR_INVALID_STATE");
        c.abort();
        c.abort();
        assertThat(client.closes).containsExactly(CloseReason.TR_ABORTED);
    }

    @Test
    @DisplayName("[TR-BOUND-1] a configuration out of bounds is refused where it is made")
    void shouldRefuseUnboundedConfiguration() {
        assertThatThrownBy(() -> TransportConfig.defaults().withBuffers(10, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportConfig.defaults().withLimits(10, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
