package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The endpoint under attack, sans-IO: segments are fed by hand and what it sends is captured; time is a variable
 * that the test moves. Each test names the requirement it holds the endpoint to.
 */
class TransportDefenceTest {

    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40001);
    static final long MS = 1_000_000L;
    static final int PORT = 7000;

    long now = 1_000 * MS;
    final List<Segment> sent = new ArrayList<>();
    final Recorder server = new Recorder();

    TransportEndpoint endpoint(TransportConfig config, OpeningLimits limits) {
        return new TransportEndpoint(config, limits, (to, bytes) -> sent.add(SegmentCodec.decode(bytes).segment()),
                new java.util.SplittableRandom(7), () -> now);
    }

    TransportEndpoint endpoint() {
        return endpoint(TransportConfig.defaults(), OpeningLimits.defaults());
    }

    static byte[] bytes(Segment s) {
        return SegmentCodec.encode(s);
    }

    static Segment syn(int port, int iss, int tsVal) {
        return new Segment(port, PORT, iss, 0, Segment.SYN, 1 << 20, tsVal, 0, List.of(), new byte[0]);
    }

    /** Opens a connection from PEER's {@code port} by hand and returns the SYN|ACK. */
    Segment open(TransportEndpoint e, int port, int iss) {
        sent.clear();
        e.onSegment(PEER, bytes(syn(port, iss, 1)), now);
        Segment synAck = sent.get(sent.size() - 1);
        e.onSegment(PEER, bytes(new Segment(port, PORT, iss + 1, synAck.seqNum() + 1, Segment.ACK, 1 << 20, 2,
                synAck.tsVal(), List.of(), new byte[0])), now);
        return synAck;
    }

    @Test
    @DisplayName("[TR-FAIL-2] [DG-CTL-14] an unreachable quoting SND.NXT does not touch an established connection")
    void ignoresUnreachableOnEstablishedConnection() {
        TransportEndpoint e = endpoint();
        e.listen(PORT, server);
        Segment synAck = open(e, 5000, 100);
        assertThat(server.opens).isEqualTo(1);
        byte[] quote = java.util.Arrays.copyOf(bytes(new Segment(PORT, 5000, synAck.seqNum() + 1, 101, Segment.ACK,
                0, 0, 0, List.of(), new byte[0])), 14);
        e.onUnreachable(PEER, 1, 5000, quote, now);
        e.onUnreachable(PEER, 0, 0, quote, now);
        assertThat(server.closes).isEmpty();
        assertThat(server.connection.state()).isEqualTo(State.ESTABLISHED);
        assertThat(e.stats().snapshot()).containsEntry("unreachable_ignored", 2L);
    }

    @Test
    @DisplayName("[TR-FAIL-2] an open attempt ends only for an exact quote of its SYN")
    void honoursUnreachableOnlyForExactQuoteOfSyn() {
        TransportEndpoint e = endpoint();
        Recorder client = new Recorder();
        Connection c = e.connect(PEER, 9, 6000, client);
        byte[] synBytes = bytes(sent.get(0));
        byte[] wrong = java.util.Arrays.copyOf(synBytes, 14);
        wrong[7] ^= 1;
        e.onUnreachable(PEER, 1, 9, wrong, now);
        assertThat(c.state()).as("a quote with another ISS is ignored").isEqualTo(State.SYN_SENT);
        e.onUnreachable(PEER, 1, 9, java.util.Arrays.copyOf(synBytes, 14), now);
        assertThat(client.closes).containsExactly(CloseReason.TR_UNREACHABLE);
    }

    @Test
    @DisplayName("[TR-SEC-SYN-2] [TR-SEC-SYN-3] with a full backlog SYNs draw cookies, and a cookie ACK opens")
    void opensStatelesslyWhenBacklogIsFull() {
        TransportEndpoint e = endpoint(TransportConfig.defaults().withLimits(256, 4), OpeningLimits.defaults());
        e.listen(PORT, server);
        for (int i = 0; i < 4; i++) {
            e.onSegment(PEER, bytes(syn(10_000 + i, i, 1)), now);
        }
        assertThat(e.connectionCount()).isEqualTo(4);
        sent.clear();
        e.onSegment(PEER, bytes(syn(20_000, 555, 3)), now);
        assertThat(e.connectionCount()).as("no state for a cookie [TR-SEC-SYN-2]").isEqualTo(4);
        Segment cookie = sent.get(0);
        assertThat(cookie.flags()).isEqualTo(Segment.SYN | Segment.ACK);
        assertThat(cookie.ackNum()).isEqualTo(556);
        assertThat(cookie.tsEcr()).isEqualTo(3);
        now += 10 * MS;
        Segment wrong = new Segment(20_000, PORT, 556, cookie.seqNum() + 2, Segment.ACK, 1 << 20, 4, cookie.tsVal(),
                List.of(), new byte[0]);
        e.onSegment(PEER, bytes(wrong), now);
        assertThat(server.opens).as("a wrong cookie opens nothing").isZero();
        e.onSegment(PEER, bytes(new Segment(20_000, PORT, 556, cookie.seqNum() + 1, Segment.ACK, 1 << 20, 4,
                cookie.tsVal(), List.of(), new byte[0])), now);
        assertThat(server.opens).isEqualTo(1);
        assertThat(server.connection.state()).isEqualTo(State.ESTABLISHED);
        assertThat(e.stats().snapshot()).containsEntry("cookie_opens", 1L);
    }

    @Test
    @DisplayName("[TR-SEC-ADDR-1] one address gets at most max_per_address synchronised connections")
    void limitsConnectionsPerAddress() {
        TransportEndpoint e = endpoint(TransportConfig.defaults(), new OpeningLimits(3, 16, 10));
        e.listen(PORT, server);
        for (int i = 0; i < 3; i++) {
            open(e, 10_000 + i, 1000 * i);
        }
        assertThat(server.opens).isEqualTo(3);
        sent.clear();
        e.onSegment(PEER, bytes(syn(11_000, 77, 1)), now);
        assertThat(sent).isEmpty();
        assertThat(e.stats().dropped(DropReason.TR_ADDRESS_LIMIT)).isEqualTo(1);
    }

    @Test
    @DisplayName("[TR-SEC-RATE-2] challenge ACKs of one connection: 10 at once, then 10 per second")
    void limitsChallengeAcksPerConnection() {
        TransportEndpoint e = endpoint();
        e.listen(PORT, server);
        open(e, 5000, 100);
        sent.clear();
        for (int i = 0; i < 100; i++) {
            e.onSegment(PEER, bytes(syn(5000, 999_999 + i, 5)), now);
        }
        assertThat(sent).hasSize(10);
        assertThat(e.stats().dropped(DropReason.TR_RATE_LIMITED)).isEqualTo(90);
        now += 500 * MS;
        for (int i = 0; i < 100; i++) {
            e.onSegment(PEER, bytes(syn(5000, 999_999 + i, 5)), now);
        }
        assertThat(sent).hasSize(15);
    }

    @Test
    @DisplayName("[TR-CLOSE-5] [TR-CLOSE-9] TIME_WAIT frees the slot, and a SYN with a later ts_val reopens")
    void timeWaitHoldsNoSlotAndYieldsToNewerIncarnation() {
        TransportEndpoint e = endpoint();
        server.closeOnPeerClose = false;
        e.listen(PORT, server);
        Segment synAck = open(e, 5000, 100);
        int ours = synAck.seqNum() + 1;
        server.connection.close();
        Segment fin = sent.get(sent.size() - 1);
        assertThat(fin.fin()).isTrue();
        e.onSegment(PEER, bytes(new Segment(5000, PORT, 101, ours + 1, Segment.ACK | Segment.FIN, 1 << 20, 10,
                fin.tsVal(), List.of(), new byte[0])), now);
        assertThat(server.closes).containsExactly(CloseReason.TR_CLOSED);
        assertThat(e.connectionCount()).as("TIME_WAIT holds no connection slot").isZero();
        assertThat(e.timeWaitCount()).isEqualTo(1);
        sent.clear();
        e.onSegment(PEER, bytes(new Segment(5000, PORT, 101, ours + 1, Segment.ACK | Segment.FIN, 1 << 20, 11,
                fin.tsVal(), List.of(), new byte[0])), now);
        assertThat(sent).as("a retransmitted FIN is acknowledged from the record").hasSize(1);
        assertThat(sent.get(0).ackNum()).isEqualTo(102);
        sent.clear();
        e.onSegment(PEER, bytes(syn(5000, 50_000, 5)), now);
        assertThat(sent.get(0).flags()).as("an older ts_val draws a challenge ACK").isEqualTo(Segment.ACK);
        sent.clear();
        e.onSegment(PEER, bytes(syn(5000, 50_000, 20)), now);
        assertThat(sent.get(0).flags()).as("a later ts_val opens a new incarnation").isEqualTo(Segment.SYN | Segment.ACK);
        assertThat(e.timeWaitCount()).isZero();
    }

    @Test
    @DisplayName("[TR-FLOW-3] [TR-FLOW-4] data behind a zero window is probed with backoff, then TR_TIMEOUT")
    void probesZeroWindowThenGivesUp() {
        TransportEndpoint e = endpoint();
        Recorder client = new Recorder();
        Connection c = e.connect(PEER, PORT, 6000, client);
        Segment synOut = sent.get(0);
        e.onSegment(PEER, bytes(new Segment(PORT, 6000, 900, synOut.seqNum() + 1, Segment.SYN | Segment.ACK, 0, 1,
                synOut.tsVal(), List.of(), new byte[0])), now);
        assertThat(client.opens).isEqualTo(1);
        sent.clear();
        c.send(new byte[5000]);
        assertThat(sent).as("nothing beyond a zero window").isEmpty();
        List<Long> probes = new ArrayList<>();
        for (int step = 0; step < 400_000 && client.closes.isEmpty(); step++) {
            long next = e.nextTimeoutNanos();
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, next);
            int before = sent.size();
            e.onTimeout(now);
            for (Segment s : sent.subList(before, sent.size())) {
                if (s.data().length > 0) {
                    probes.add(now);
                    e.onSegment(PEER, bytes(new Segment(PORT, 6000, 901, s.seqNum(),
                            Segment.ACK, 0, 2, s.tsVal(), List.of(), new byte[0])), now);
                }
            }
        }
        assertThat(probes.size()).as("probes sent [TR-FLOW-3]").isGreaterThanOrEqualTo(4);
        assertThat(probes.get(3) - probes.get(2)).as("backoff").isGreaterThan(probes.get(1) - probes.get(0));
        assertThat(client.closes).containsExactly(CloseReason.TR_TIMEOUT);
    }
}
