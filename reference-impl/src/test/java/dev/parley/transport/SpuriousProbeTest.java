package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A tail loss probe that retransmits a segment whose original arrived is spurious; the timestamp echo of the
 * acknowledgement tells it apart, and only a real repair reduces the window [TR-LOSS-3] [TR-LOSS-5]. The test
 * plays the peer by hand: it decides which transmission its acknowledgement echoes.
 */
class SpuriousProbeTest {

    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40002);
    static final int PEER_PORT = 7000;
    static final int PEER_ISS = 0x7fff_fff0;

    final TestClock clock = new TestClock();
    final List<Segment> sent = new ArrayList<>();
    final TransportEndpoint endpoint = new TransportEndpoint(TransportConfig.defaults(),
            (to, bytes) -> sent.add(SegmentCodec.decode(bytes).segment()), new Random(3), clock);
    final Recorder recorder = new Recorder();
    Connection connection;

    @Test
    @DisplayName("[TR-LOSS-5] an acknowledgement echoing the original's ts_val proves the probe spurious: cwnd stays")
    void spuriousProbeKeepsTheWindow() {
        Segment original = sendOneSegmentAndProbe();
        Segment probe = sent.get(sent.size() - 1);
        long before = connection.cwnd();

        acknowledge(original.seqNum() + original.data().length, original.tsVal());

        assertThat(probe.tsVal()).isNotEqualTo(original.tsVal());
        assertThat(connection.cwnd()).as("not reduced; slow start may grow it").isGreaterThanOrEqualTo(before);
        assertThat(endpoint.stats().spuriousProbes()).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-LOSS-5] [TR-FR-1] an acknowledgement echoing the probe's ts_val is a repair: cwnd is reduced once")
    void repairingProbeReducesTheWindow() {
        Segment original = sendOneSegmentAndProbe();
        Segment probe = sent.get(sent.size() - 1);
        long before = connection.cwnd();

        acknowledge(original.seqNum() + original.data().length, probe.tsVal());

        assertThat(connection.cwnd()).isLessThan(before);
        assertThat(endpoint.stats().spuriousProbes()).isZero();
    }

    /** Opens by hand, sends 1000 bytes, lets the probe timer expire; returns the original data segment. */
    private Segment sendOneSegmentAndProbe() {
        connection = endpoint.connect(PEER, PEER_PORT, recorder);
        Segment syn = sent.get(0);
        clock.advanceMillis(10);
        endpoint.onSegment(PEER, SegmentCodec.encode(new Segment(PEER_PORT, syn.srcPort(), PEER_ISS, syn.seqNum() + 1,
                Segment.SYN | Segment.ACK, 1 << 20, 5000, syn.tsVal(), List.of(), new byte[0])), clock.getAsLong());
        assertThat(recorder.opens).isEqualTo(1);
        sent.clear();
        connection.send(new byte[1000]);
        assertThat(sent).hasSize(1);
        Segment original = sent.get(0);
        assertThat(original.data()).hasSize(1000);
        // Nothing acknowledges it: the tail loss probe fires before the RTO and retransmits it [TR-LOSS-3].
        for (int i = 0; i < 1000 && sent.size() == 1; i++) {
            clock.advanceTo(endpoint.nextTimeoutNanos());
            endpoint.onTimeout(clock.getAsLong());
        }
        assertThat(endpoint.stats().tailLossProbes()).isEqualTo(1);
        assertThat(endpoint.stats().retransmissionTimeouts()).isZero();
        Segment probe = sent.get(sent.size() - 1);
        assertThat(probe.seqNum()).isEqualTo(original.seqNum());
        return original;
    }

    private void acknowledge(int ackNum, int tsEcr) {
        clock.advanceMillis(1);
        endpoint.onSegment(PEER, SegmentCodec.encode(new Segment(PEER_PORT, connection.localPort(), PEER_ISS + 1,
                ackNum, Segment.ACK, 1 << 20, 6000, tsEcr, List.of(), new byte[0])), clock.getAsLong());
    }
}
