package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.transport.Connection;
import dev.parley.transport.ConnectionListener;
import dev.parley.transport.CloseReason;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.SegmentRules;
import dev.parley.transport.TransportConfig;
import dev.parley.transport.TransportEndpoint;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Fuzz target for a node's receive path: procedure {@code ReceiveDatagram} of a {@link DatagramEndpoint} with the
 * transport attached and listening, fed a sequence of datagrams as its loop would feed them, with the loop's timers
 * fired between them on a test clock. Whatever arrives: no exception escapes [DG-DROP-1] [TR-ERR-1]; each datagram
 * is counted once as received and either dropped with the first failing check's code or delivered [DG-RECV-1]
 * [DG-RECV-3]; a control payload is dropped with its code or handled [DG-CTL-11]; a segment that breaks a format rule
 * is dropped and counted with a code of a rule it breaks [TR-SEG-6]; the connection limit holds [TR-BOUND-1].
 *
 * <p>Input layout: records of {@code kind (1 octet), length (2 octets, big-endian), bytes}. Kind modulo 5: 0 the
 * bytes are the datagram; 1 a well-formed packet, octet 0 its protocol, the rest its payload; 2 a well-formed control
 * packet; 3 a well-formed transport packet; 4 a well-formed transport packet whose segment lengths are made to add
 * up, so that most reach the state machine. {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/datagram/DatagramEndpointFuzzTestInputs/receive/}; with {@code JAZZER_FUZZ=1}
 * the target is fuzzed (README.md, "Fuzzing").
 */
class DatagramEndpointFuzzTest {

    private static final int PORT = 7000;
    private static final IntPredicate KNOWN = p -> p == DatagramCodec.PROTOCOL_CONTROL || p == DatagramCodec.PROTOCOL_TRANSPORT;

    @FuzzTest(maxDuration = "2m")
    void receive(byte[] input) throws Exception {
        long[] now = {1_000_000_000L};
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramEndpoint node = DatagramEndpoint.open(DatagramConfig.loopback(), () -> now[0])) {
            TransportConfig config = DatagramTransport.configFor(node).withLimits(4, 2);
            TransportEndpoint transport = DatagramTransport.attach(node, config);
            transport.listen(PORT, c -> new Discard());
            InetSocketAddress from = (InetSocketAddress) peer.getLocalSocketAddress();
            DatagramCodec codec = node.codec();
            DatagramStats stats = node.stats();

            int at = 0;
            int count = 0;
            while (at + 3 <= input.length) {
                int kind = (input[at] & 0xFF) % 5;
                int len = Math.min(((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF), input.length - at - 3);
                byte[] body = Arrays.copyOfRange(input, at + 3, at + 3 + len);
                at += 3 + len;
                byte[] datagram = datagram(codec, kind, body);
                if (datagram == null) {
                    continue;
                }
                Map<DropReason, Long> dropsBefore = stats.droppedByReason();
                long controlBefore = stats.delivered(DatagramCodec.PROTOCOL_CONTROL);
                long transportBefore = stats.delivered(DatagramCodec.PROTOCOL_TRANSPORT);
                long segmentsBefore = transport.stats().segmentsReceived();
                Map<dev.parley.transport.DropReason, Long> segmentDropsBefore = transportDrops(transport);

                node.onDatagram(from, datagram, datagram.length);
                count++;

                assertThat(stats.received()).as("received").isEqualTo(count);
                DropReason expected = DatagramRules.expectedPacketDrop(datagram, codec.maxPacketSize(), KNOWN);
                Map<DropReason, Long> dropsAfter = stats.droppedByReason();
                if (expected != null) {
                    assertThat(dropsAfter.get(expected)).as("dropped as " + expected).isEqualTo(dropsBefore.get(expected) + 1);
                    dropsAfter.put(expected, dropsAfter.get(expected) - 1);
                    assertThat(dropsAfter).as("no other drop counted").isEqualTo(dropsBefore);
                } else if ((datagram[1] & 0xFF) == DatagramCodec.PROTOCOL_CONTROL) {
                    assertThat(stats.delivered(DatagramCodec.PROTOCOL_CONTROL)).isEqualTo(controlBefore + 1);
                    byte[] payload = Arrays.copyOfRange(datagram, 8, datagram.length);
                    DropReason control = DatagramRules.expectedControlDrop(payload);
                    if (control != null) {
                        dropsAfter.put(control, dropsAfter.get(control) - 1);
                    }
                    assertThat(dropsAfter).as("control drops, expected " + control).isEqualTo(dropsBefore);
                } else {
                    assertThat(stats.delivered(DatagramCodec.PROTOCOL_TRANSPORT)).isEqualTo(transportBefore + 1);
                    assertThat(dropsAfter).as("no datagram drop").isEqualTo(dropsBefore);
                    assertThat(transport.stats().segmentsReceived()).isEqualTo(segmentsBefore + 1);
                    byte[] segment = Arrays.copyOfRange(datagram, 8, datagram.length);
                    Set<dev.parley.transport.DropReason> broken = SegmentRules.violations(segment);
                    if (!broken.isEmpty()) {
                        Map<dev.parley.transport.DropReason, Long> counted = transportDrops(transport);
                        counted.replaceAll((code, n) -> n - segmentDropsBefore.get(code));
                        counted.values().removeIf(n -> n == 0);
                        assertThat(counted).as("segment breaking " + broken + " dropped once, as one of them")
                                .hasSize(1).containsValue(1L);
                        assertThat(broken).contains(counted.keySet().iterator().next());
                    }
                }
                assertThat(transport.connectionCount()).as("connection limit").isLessThanOrEqualTo(config.maxConnections());

                now[0] += 1_000_000L * (1 + (len & 0x3FF)); // between 1 ms and about 1 s
                if (transport.nextTimeoutNanos() - now[0] <= 0) {
                    transport.onTimeout(now[0]);
                }
            }
        }
    }

    private static Map<dev.parley.transport.DropReason, Long> transportDrops(TransportEndpoint transport) {
        Map<dev.parley.transport.DropReason, Long> out = new EnumMap<>(dev.parley.transport.DropReason.class);
        for (dev.parley.transport.DropReason code : dev.parley.transport.DropReason.values()) {
            out.put(code, transport.stats().dropped(code));
        }
        return out;
    }

    private static byte[] datagram(DatagramCodec codec, int kind, byte[] body) {
        int max = codec.maxPayloadSize();
        switch (kind) {
            case 0:
                return body.length <= codec.maxPacketSize() + 1 ? body : null;
            case 1:
                return body.length == 0 || body.length - 1 > max ? null
                        : codec.encode(body[0] & 0xFF, Arrays.copyOfRange(body, 1, body.length));
            case 2:
                return body.length > max ? null : codec.encode(DatagramCodec.PROTOCOL_CONTROL, body);
            case 3:
                return body.length > max ? null : codec.encode(DatagramCodec.PROTOCOL_TRANSPORT, body);
            default:
                if (body.length < 28 || body.length > max) {
                    return null;
                }
                int numSack = (body[13] & 0xFF) % 5;
                if (28 + 8 * numSack > body.length) {
                    numSack = 0;
                }
                body[13] = (byte) numSack;
                int lenData = body.length - 28 - 8 * numSack;
                body[26] = (byte) (lenData >>> 8);
                body[27] = (byte) lenData;
                if ((body[0] | body[1]) == 0) {
                    body[1] = 1;
                }
                if ((body[2] & 1) == 0) {
                    body[2] = (byte) (PORT >>> 8); // mostly to the listening port
                    body[3] = (byte) PORT;
                }
                return codec.encode(DatagramCodec.PROTOCOL_TRANSPORT, body);
        }
    }

    /** Accepts connections and ignores what arrives. */
    private static final class Discard implements ConnectionListener {
        @Override
        public void onData(Connection connection, byte[] data) {
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
        }
    }
}
