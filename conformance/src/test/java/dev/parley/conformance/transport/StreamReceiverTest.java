package dev.parley.conformance.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.datagram.DatagramTrace;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.SackBlock;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.StreamReceiver.Fate;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tester as a receiver against a hand-played node on loopback: what it acknowledges, when, with which SACK
 * blocks, and how it counts bytes in flight and round trips. The node's side is a plain socket in this test.
 */
@DisplayName("StreamReceiver: delayed acknowledgements, SACK, bytes in flight and round trips of the tester as a receiver")
class StreamReceiverTest {

    private static final long NODE_ISS = 0xffff_ff00L; // its stream passes 2^32 after 255 bytes
    private static final int NODE_PORT = 7;
    private static final int LEN = 100;

    private DatagramSocket node;
    private DatagramTester tester;
    private TransportTester connection;

    @BeforeEach
    void open() throws IOException {
        node = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        node.setSoTimeout(2000);
        tester = new DatagramTester(new DatagramTrace(1000));
        connection = new TransportTester(tester, (InetSocketAddress) node.getLocalSocketAddress(), 50_000, 1_000,
                Duration.ofMillis(300));
        Thread nodeSide = new Thread(() -> {
            Segment syn = receive();
            send(new Segment(NODE_PORT, syn.srcPort(), NODE_ISS, syn.seqNum() + 1, SegmentTesterCodec.SYN
                    | SegmentTesterCodec.ACK, 65_536, 5, syn.tsVal(), List.of(), new byte[0]));
        });
        nodeSide.start();
        connection.open(NODE_PORT, Duration.ofSeconds(2));
        try {
            nodeSide.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(receive().ack()).as("the ACK completing the open").isTrue();
    }

    @AfterEach
    void close() {
        node.close();
        tester.close();
    }

    @Test
    @DisplayName("a lost segment leaves a hole: the later ones are SACKed, each acknowledgement sent its delay after the segment")
    void sacksAroundALostSegment() {
        StreamReceiver receiver = new StreamReceiver(connection, Duration.ofMillis(50), 1000);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            sendData(i * LEN, 1000 + i, 1);
        }
        // The second segment (offset 100, across 2^32) is lost on purpose; the others arrive.
        assertThat(receiver.receiveUntil((offset, length, rtx) -> offset == LEN ? Fate.DROP : Fate.ACCEPT,
                r -> r.arrivals().size() == 4 && !r.acknowledgementsPending(), Duration.ofSeconds(2))).isTrue();
        assertThat(System.nanoTime() - start).as("acknowledged no sooner than its delay").isGreaterThan(50_000_000L);

        Segment first = receive();
        assertThat(first.ackNum()).isEqualTo(seq(LEN));
        assertThat(first.sackBlocks()).isEmpty();
        assertThat(first.tsEcr()).as("ts_ecr echoes the segment acknowledged").isEqualTo(1000);
        Segment third = receive();
        assertThat(third.ackNum()).as("stays at the hole").isEqualTo(seq(LEN));
        assertThat(third.sackBlocks()).containsExactly(new SackBlock(seq(2 * LEN), seq(3 * LEN)));
        Segment fourth = receive();
        assertThat(fourth.sackBlocks()).containsExactly(new SackBlock(seq(2 * LEN), seq(4 * LEN)));
        assertThat(receiver.acknowledged()).isEqualTo(LEN);
        assertThat(receiver.highestEnd()).isEqualTo(4 * LEN);
        assertThat(receiver.outstanding()).isZero();
        assertThat(receiver.maxOutstanding(start, System.nanoTime())).as("three segments arrived, one lost")
                .isEqualTo(3 * LEN);

        // The retransmission fills the hole: a cumulative acknowledgement of everything, the stream intact.
        sendData(LEN, 2000, 2);
        assertThat(receiver.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, r -> r.acknowledged() == 4 * LEN,
                Duration.ofSeconds(2))).isTrue();
        assertThat(receive().ackNum()).isEqualTo(seq(4 * LEN));
        assertThat(receiver.arrivals().get(4).retransmission()).isTrue();
        byte[] expected = new byte[4 * LEN];
        for (int i = 0; i < 4; i++) {
            Arrays.fill(expected, i * LEN, (i + 1) * LEN, (byte) i);
        }
        assertThat(receiver.bytes(4 * LEN)).hasValue(expected);
        assertThat(receiver.unexpectedGaps()).isZero();
    }

    @Test
    @DisplayName("a segment's round trip is read from its ts_ecr: sent after the acknowledgement of round k, it is round k + 1")
    void roundsFromTheEcho() {
        StreamReceiver receiver = new StreamReceiver(connection, Duration.ZERO, 0);
        sendData(0, 10, 1);
        assertThat(receiver.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, r -> r.acknowledged() == LEN,
                Duration.ofSeconds(2))).isTrue();
        long echo = receive().tsVal();
        // Two segments sent after the node had that acknowledgement, then one that still echoes the handshake.
        sendData(LEN, 11, echo);
        sendData(2 * LEN, 12, echo);
        sendData(3 * LEN, 13, 1);
        assertThat(receiver.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, r -> r.arrivals().size() == 4,
                Duration.ofSeconds(2))).isTrue();
        assertThat(receiver.arrivals()).extracting(StreamReceiver.Arrival::round).containsExactly(0, 1, 1, 0);
        assertThat(receiver.roundBytes(0, receiver.arrivals().get(0).atNanos())).containsExactly(2L * LEN, 2L * LEN);
    }

    private long seq(long offset) {
        return SegmentTesterCodec.plus(NODE_ISS + 1, offset);
    }

    /** The node sends {@code LEN} bytes of value offset / LEN at {@code offset}, with ts_val and ts_ecr given. */
    private void sendData(int offset, long tsVal, long tsEcr) {
        byte[] data = new byte[LEN];
        Arrays.fill(data, (byte) (offset / LEN));
        send(new Segment(NODE_PORT, connection.localPort(), seq(offset), connection.sndNxt(), SegmentTesterCodec.ACK,
                65_536, tsVal, tsEcr, List.of(), data));
    }

    private void send(Segment s) {
        byte[] packet = SegmentTesterCodec.packet(SegmentTesterCodec.write(s));
        try {
            node.send(new DatagramPacket(packet, packet.length, tester.address()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Segment receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            node.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the node side received nothing within 2 s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TesterCodec.Packet packet = TesterCodec.readWellFormed(Arrays.copyOf(buffer, p.getLength()));
        return SegmentTesterCodec.read(packet.payload());
    }
}
