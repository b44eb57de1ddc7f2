package dev.parley.conformance.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.conformance.datagram.TesterCodec.Echo;
import dev.parley.conformance.datagram.TesterCodec.OtherControl;
import dev.parley.conformance.datagram.TesterCodec.Packet;
import dev.parley.conformance.datagram.TesterCodec.Unreachable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("TesterCodec: the suite's datagram codec, on the generated classes, against spec/vectors/datagram.json")
class TesterCodecTest {

    static Stream<SpecVectors.Vector> crcVectors() {
        return SpecVectors.group("Crc32cKnownAnswer").stream();
    }

    static Stream<SpecVectors.Vector> validDatagrams() {
        return SpecVectors.group("DatagramDecode").stream().filter(v -> v.result().equals("valid"));
    }

    static Stream<SpecVectors.Vector> datagrams() {
        return SpecVectors.group("DatagramDecode").stream();
    }

    static Stream<SpecVectors.Vector> validControls() {
        return SpecVectors.group("ControlDecode").stream().filter(v -> v.result().equals("valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crcVectors")
    @DisplayName("CRC-32C known answers [DG-CSUM-1]")
    void computesCrc32cLikeTheSpec(SpecVectors.Vector v) {
        // TesterCodec.crc32c() takes a packet (it zeroes its checksum field); these answers check the
        // algorithm it uses, java.util.zip.CRC32C, on the spec's inputs.
        byte[] input = TesterCodec.unhex(v.input());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(input);
        assertThat(Long.toHexString(crc.getValue())).isEqualTo(v.expected().get("crc32c").asText().replaceFirst("^0+", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDatagrams")
    @DisplayName("reads every valid vector and writes it back byte for byte [DG-LEN-1] [DG-CSUM-1]")
    void readsAndRewritesValidPackets(SpecVectors.Vector v) {
        byte[] input = TesterCodec.unhex(v.input());

        Packet p = TesterCodec.readWellFormed(input);

        assertThat(p.version()).isEqualTo(v.expected().get("version").asInt());
        assertThat(p.nextProtocol()).isEqualTo(v.expected().get("nextProtocol").asInt());
        assertThat(p.lenPacket()).isEqualTo(v.expected().get("lenPacket").asInt());
        assertThat(String.format("%08x", p.checksum())).isEqualTo(v.expected().get("checksum").asText());
        assertThat(TesterCodec.hex(p.payload())).isEqualTo(v.expected().get("payload").asText());
        assertThat(TesterCodec.packet(p.nextProtocol(), p.payload())).isEqualTo(input);
        assertThat(TesterCodec.write(p)).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datagrams")
    @DisplayName("the receive oracle gives every vector its spec outcome, in the spec's order [DG-RECV-1]")
    void oracleMatchesEveryDatagramVector(SpecVectors.Vector v) {
        Set<Integer> known = new HashSet<>();
        v.group().get("knownProtocols").forEach(n -> known.add(n.asInt()));
        ReceiveOracle oracle = new ReceiveOracle(v.group().get("maxPacketSize").asInt(), known);

        ReceiveOracle.Fate fate = oracle.classify(TesterCodec.unhex(v.input()));

        if (v.result().equals("valid")) {
            assertThat(fate.drop()).isEmpty();
        } else {
            assertThat(fate.drop()).contains(DropCode.valueOf(v.error()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validControls")
    @DisplayName("reads every valid control vector [DG-CTL-1]")
    void readsValidControlMessages(SpecVectors.Vector v) {
        TesterCodec.Control c = TesterCodec.readControl(TesterCodec.unhex(v.input()));

        assertThat(c.messageType()).isEqualTo(v.expected().get("messageType").asInt());
        assertThat(c.code()).isEqualTo(v.expected().get("code").asInt());
        if (c instanceof Echo e) {
            assertThat(e.identifier()).isEqualTo(v.expected().get("identifier").asInt());
            assertThat(e.sequenceNumber()).isEqualTo(v.expected().get("sequenceNumber").asInt());
            assertThat(TesterCodec.hex(e.data())).isEqualTo(v.expected().get("data").asText());
        } else if (c instanceof Unreachable u) {
            assertThat(u.port()).isEqualTo(v.expected().path("port").asInt(u.port()));
        }
    }

    @Test
    void buildsTheSpecsEchoRequestHello() {
        byte[] packet = TesterCodec.echoRequest(7, 1, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(TesterCodec.hex(packet)).isEqualTo("01010013604baf7508000007000168656c6c6f");
    }

    @Test
    void rejectsRepliesThatBreakAReceiveCheck() {
        byte[] good = TesterCodec.unhex("01010013604baf7508000007000168656c6c6f");

        assertThatThrownBy(() -> TesterCodec.readWellFormed(TesterCodec.unhex("0101001375af4b6008000007000168656c6c6f")))
                .hasMessageContaining("DG-CSUM-1");
        assertThatThrownBy(() -> TesterCodec.readWellFormed(java.util.Arrays.copyOf(good, 18)))
                .hasMessageContaining("DG-LEN-1");
        assertThatThrownBy(() -> TesterCodec.readWellFormed(TesterCodec.unhex("02010013aeea0cad08000007000168656c6c6f")))
                .hasMessageContaining("DG-VER-1");
        assertThatThrownBy(() -> TesterCodec.read(new byte[7])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsUnknownControlTypesRawAndRejectsShortBodies() {
        assertThat(TesterCodec.readControl(TesterCodec.unhex("05000000"))).isInstanceOf(OtherControl.class);
        assertThatThrownBy(() -> TesterCodec.readControl(TesterCodec.unhex("0800000100")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TesterCodec.readControl(TesterCodec.unhex("08")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultsBreakExactlyTheCheckTheyNameAndComposeInTheSpecsOrder() {
        byte[] echo = TesterCodec.echoRequest(7, 1, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ReceiveOracle oracle = new ReceiveOracle(1200, Set.of(1));
        List<Object[]> cases = List.of(
                new Object[] {"with a corrupted checksum", DropCode.DG_BAD_CHECKSUM},
                new Object[] {"truncated to 5 bytes", DropCode.DG_TRUNCATED},
                new Object[] {"with its length field off by one", DropCode.DG_BAD_LENGTH},
                new Object[] {"with its length field set to 8", DropCode.DG_BAD_LENGTH},
                new Object[] {"with version 2", DropCode.DG_BAD_VERSION},
                new Object[] {"with next protocol 77", DropCode.DG_UNKNOWN_PROTOCOL},
                new Object[] {"padded to 1201 bytes", DropCode.DG_TOO_LARGE},
                new Object[] {"padded to 1300 bytes and with version 2 and truncated to 1250 bytes", DropCode.DG_TOO_LARGE},
                new Object[] {"with version 2 and truncated to 7 bytes", DropCode.DG_TRUNCATED},
                new Object[] {"with its length field off by one and with version 2", DropCode.DG_BAD_VERSION},
                new Object[] {"with a corrupted checksum and with next protocol 77", DropCode.DG_BAD_CHECKSUM});
        for (Object[] c : cases) {
            Faults faults = Faults.parse((String) c[0]);
            assertThat(oracle.classify(faults.applyTo(echo)).drop()).as((String) c[0]).contains((DropCode) c[1]);
        }
        assertThat(oracle.classify(Faults.parse("padded to 1200 bytes").applyTo(echo)).drop()).isEmpty();
        assertThatThrownBy(() -> Faults.parse("with a broken heart")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.parse("with version 256")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFuzzerIsReproducibleAndHitsEveryReceiveCheck() {
        ReceiveOracle oracle = new ReceiveOracle(1200, Set.of(1));
        DatagramFuzzer a = new DatagramFuzzer(new java.util.SplittableRandom(5), 1500, 4, 1200);
        DatagramFuzzer b = new DatagramFuzzer(new java.util.SplittableRandom(5), 1500, 4, 1200);
        Set<String> outcomes = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] x = a.next();
            assertThat(b.next()).isEqualTo(x);
            ReceiveOracle.Fate fate = oracle.classify(x);
            outcomes.add(fate.drop().map(Enum::name).orElse("delivered " + fate.protocol()));
        }
        assertThat(outcomes).contains("DG_TOO_LARGE", "DG_TRUNCATED", "DG_BAD_VERSION", "DG_BAD_LENGTH",
                "DG_BAD_CHECKSUM", "DG_UNKNOWN_PROTOCOL", "delivered 1").doesNotContain("delivered 2");
    }
}
