package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code DatagramReply} case of spec/vectors/datagram.json against a real {@link DatagramEndpoint}
 * on loopback: the node must send back exactly the vector's {@code reply} octets, or nothing when it is
 * {@code null}, and count the vector's drop code. "Nothing" is observed without waiting for a timeout: after
 * each input the test sends an echo request as a marker, and the node, which handles datagrams in order,
 * must answer the marker next.
 */
class DatagramReplyVectorsTest {

    private static final JsonNode FILE = Vectors.load("datagram.json");
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MARKER_IDENTIFIER = 0xBEEF;

    @TestFactory
    @DisplayName("[DG-CTL-2] [DG-CTL-3] [DG-CTL-5] [DG-CTL-8] [DG-CTL-9] [DG-CTL-10] [DG-RECV-3] [DG-RECV-4] [DG-DROP-1] [DG-AMP-1] a node sends exactly the reply of each DatagramReply vector")
    Stream<DynamicTest> nodeSendsTheVectorsReply() {
        List<Vectors.Case> cases = Vectors.cases(FILE, "DatagramReply");
        assertThat(cases).as("DatagramReply vectors").isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(Vectors.Case c) throws Exception {
        JsonNode test = testNode(c.tcId());
        JsonNode expectedReply = test.get("reply");
        assertThat(expectedReply).as("tcId %d has a reply member", c.tcId()).isNotNull();
        DatagramConfig config = DatagramConfig.loopback();
        assertThat(config.maxPacketSize()).isEqualTo(c.groupNode().get("maxPacketSize").asInt());
        try (DatagramEndpoint node = DatagramEndpoint.open(config, Clock.SYSTEM);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            AtomicInteger delivered = new AtomicInteger();
            for (JsonNode protocol : c.groupNode().get("knownProtocols")) {
                if (protocol.asInt() != DatagramCodec.PROTOCOL_CONTROL) {
                    node.register(protocol.asInt(), (from, payload, nowNanos) -> {
                        delivered.incrementAndGet();
                        return Delivery.DELIVERED;
                    });
                }
            }
            node.start();
            peer.setSoTimeout(TIMEOUT_MILLIS);
            byte[] marker = node.codec().encodeControlPacket(new Control.Echo(false, MARKER_IDENTIFIER, c.tcId(), new byte[0]));
            byte[] markerReply = node.codec().encodeControlPacket(new Control.Echo(true, MARKER_IDENTIFIER, c.tcId(), new byte[0]));

            peer.send(new DatagramPacket(c.input(), c.input().length, node.localAddress()));
            peer.send(new DatagramPacket(marker, marker.length, node.localAddress()));
            List<String> before = new ArrayList<>();
            for (byte[] got = receive(peer); !Arrays.equals(got, markerReply); got = receive(peer)) {
                before.add(HexFormat.of().formatHex(got));
                assertThat(before).as("datagrams before the marker's reply").hasSizeLessThanOrEqualTo(1);
            }

            if (expectedReply.isNull()) {
                assertThat(before).as("the node sends nothing").isEmpty();
            } else {
                assertThat(before).containsExactly(expectedReply.asText());
                assertThat(HexFormat.of().parseHex(expectedReply.asText()).length).isLessThanOrEqualTo(c.input().length);
            }
            boolean toHandler = c.valid() && c.input()[1] != DatagramCodec.PROTOCOL_CONTROL;
            assertThat(delivered.get()).as("deliveries to the protocol's handler").isEqualTo(toHandler ? 1 : 0);
            if (c.valid()) {
                assertThat(Stream.of(DropReason.values()).mapToLong(node.stats()::dropped).sum()).as("no drop").isZero();
            } else {
                assertThat(node.stats().dropped(DropReason.valueOf(c.error()))).as("dropped as " + c.error()).isEqualTo(1);
            }
        }
    }

    private static JsonNode testNode(int tcId) {
        for (JsonNode group : FILE.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                if (test.get("tcId").asInt() == tcId) {
                    return test;
                }
            }
        }
        throw new IllegalArgumentException("no tcId " + tcId);
    }

    private static byte[] receive(DatagramSocket peer) throws Exception {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            peer.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram from the node within " + TIMEOUT_MILLIS + " ms", e);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }
}
