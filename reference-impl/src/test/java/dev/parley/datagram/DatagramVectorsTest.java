package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.wire.datagram.ControlMessage;
import dev.parley.wire.datagram.DatagramPacket;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of spec/vectors/datagram.json through {@link DatagramCodec} and, separately,
 * through the generated parser alone with the spec's checks written out here, so that the vectors,
 * the codec and the .ksy are shown to agree.
 */
class DatagramVectorsTest {

    private static final JsonNode FILE = Vectors.load("datagram.json");

    @Test
    @DisplayName("the vector file counts its cases and has at least 20, covering every drop code")
    void vectorFileIsComplete() {
        int total = 0;
        Set<String> errors = new HashSet<>();
        for (JsonNode group : FILE.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                total++;
                if (test.has("error")) {
                    errors.add(test.get("error").asText());
                }
            }
        }
        assertThat(total).isEqualTo(FILE.get("numberOfTests").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(errors).containsExactlyInAnyOrder(Stream.of(DropReason.values()).map(Enum::name).toArray(String[]::new));
    }

    @TestFactory
    @DisplayName("[DG-RECV-1] DatagramDecode vectors through DatagramCodec")
    Stream<DynamicTest> datagramVectorsThroughCodec() {
        return Vectors.cases(FILE, "DatagramDecode").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            DatagramCodec codec = codecFor(c.groupNode());
            Decoded<Packet> decoded = codec.decode(c.input());
            if (c.valid()) {
                assertThat(decoded).isInstanceOf(Decoded.Ok.class);
                Packet packet = ((Decoded.Ok<Packet>) decoded).value();
                assertThat(packet.nextProtocol()).isEqualTo(c.expected().get("nextProtocol").asInt());
                assertThat(packet.payload()).isEqualTo(Vectors.hex(c.expected().get("payload")));
                // Encoding the decoded packet gives the vector's bytes back: lengths and checksum included.
                assertThat(codec.encode(packet.nextProtocol(), packet.payload())).isEqualTo(c.input());
            } else {
                assertThat(decoded).isEqualTo(Decoded.dropped(DropReason.valueOf(c.error())));
            }
        }));
    }

    @TestFactory
    @DisplayName("[DG-RECV-1] DatagramDecode vectors through the generated parser alone")
    Stream<DynamicTest> datagramVectorsThroughGeneratedParser() {
        return Vectors.cases(FILE, "DatagramDecode").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            int max = c.groupNode().get("maxPacketSize").asInt();
            Set<Integer> known = new HashSet<>();
            c.groupNode().get("knownProtocols").forEach(p -> known.add(p.asInt()));
            byte[] in = c.input();
            String verdict;
            if (in.length > max) {
                verdict = "DG_TOO_LARGE";
            } else if (in.length < 8) {
                verdict = "DG_TRUNCATED";
            } else {
                DatagramPacket packet = new DatagramPacket(new ByteBufferKaitaiStream(in));
                packet._read();
                if (c.valid()) {
                    JsonNode e = c.expected();
                    assertThat(packet.version()).isEqualTo(e.get("version").asInt());
                    assertThat(packet.nextProtocol()).isEqualTo(e.get("nextProtocol").asInt());
                    assertThat(packet.lenPacket()).isEqualTo(e.get("lenPacket").asInt());
                    assertThat(packet.checksum()).isEqualTo(Long.parseLong(e.get("checksum").asText(), 16));
                    assertThat(packet.payload()).isEqualTo(Vectors.hex(e.get("payload")));
                }
                verdict = packet.version() != 1 ? "DG_BAD_VERSION"
                        : packet.lenPacket() != in.length ? "DG_BAD_LENGTH"
                        : packet.checksum() != crcWithZeroedField(in) ? "DG_BAD_CHECKSUM"
                        : !known.contains(packet.nextProtocol()) ? "DG_UNKNOWN_PROTOCOL"
                        : "valid";
            }
            assertThat(verdict).isEqualTo(c.valid() ? "valid" : c.error());
        }));
    }

    @TestFactory
    @DisplayName("[DG-CTL-1] ControlDecode vectors through DatagramCodec")
    Stream<DynamicTest> controlVectorsThroughCodec() {
        DatagramCodec codec = DatagramCodec.withRegisteredProtocols(DatagramCodec.DEFAULT_MAX_PACKET_SIZE);
        return Vectors.cases(FILE, "ControlDecode").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Decoded<Control> decoded = codec.decodeControl(c.input());
            if (!c.valid()) {
                assertThat(decoded).isEqualTo(Decoded.dropped(DropReason.valueOf(c.error())));
                return;
            }
            assertThat(decoded).isInstanceOf(Decoded.Ok.class);
            Control control = ((Decoded.Ok<Control>) decoded).value();
            JsonNode e = c.expected();
            if (control instanceof Control.Echo echo) {
                assertThat(echo.reply() ? 0 : 8).isEqualTo(e.get("messageType").asInt());
                assertThat(echo.identifier()).isEqualTo(e.get("identifier").asInt());
                assertThat(echo.sequenceNumber()).isEqualTo(e.get("sequenceNumber").asInt());
                assertThat(echo.data()).isEqualTo(Vectors.hex(e.get("data")));
                assertThat(codec.encodeControl(echo)).isEqualTo(c.input());
            } else {
                Control.Unreachable unreachable = (Control.Unreachable) control;
                assertThat(e.get("messageType").asInt()).isEqualTo(Control.TYPE_UNREACHABLE);
                assertThat(unreachable.code()).isEqualTo(e.get("code").asInt());
                assertThat(unreachable.port()).isEqualTo(e.get("port").asInt());
                assertThat(unreachable.invokingPacket()).isEqualTo(Vectors.hex(e.get("invokingPacket")));
            }
        }));
    }

    @TestFactory
    @DisplayName("[DG-CTL-1] valid ControlDecode vectors through the generated parser alone")
    Stream<DynamicTest> controlVectorsThroughGeneratedParser() {
        return Vectors.cases(FILE, "ControlDecode").stream().filter(Vectors.Case::valid)
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    ControlMessage message = new ControlMessage(new ByteBufferKaitaiStream(c.input()));
                    message._read();
                    JsonNode e = c.expected();
                    assertThat(message.messageType()).isEqualTo(e.get("messageType").asInt());
                    assertThat(message.code()).isEqualTo(e.get("code").asInt());
                    if (message.body() instanceof ControlMessage.Echo echo) {
                        assertThat(echo.identifier()).isEqualTo(e.get("identifier").asInt());
                        assertThat(echo.sequenceNumber()).isEqualTo(e.get("sequenceNumber").asInt());
                        assertThat(echo.data()).isEqualTo(Vectors.hex(e.get("data")));
                    } else {
                        ControlMessage.Unreachable body = (ControlMessage.Unreachable) message.body();
                        assertThat(body.port()).isEqualTo(e.get("port").asInt());
                        byte[] quoted = Vectors.hex(e.get("invokingPacket"));
                        assertThat(body.invokingPacket()).startsWith(quoted);
                    }
                }));
    }

    @TestFactory
    @DisplayName("[DG-CSUM-1] CRC-32C known answers")
    Stream<DynamicTest> crc32cKnownAnswers() {
        return Vectors.cases(FILE, "Crc32cKnownAnswer").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            CRC32C crc = new CRC32C();
            crc.update(c.input());
            assertThat(crc.getValue()).isEqualTo(Long.parseLong(c.expected().get("crc32c").asText(), 16));
        }));
    }

    @Test
    @DisplayName("invalid ControlDecode vectors make the generated parser fail or show the fault")
    void invalidControlVectorsAreVisibleToTheGeneratedParser() {
        for (Vectors.Case c : Vectors.cases(FILE, "ControlDecode")) {
            if (c.valid()) {
                continue;
            }
            if (c.error().equals("CTL_TRUNCATED")) {
                assertThatThrownBy(() -> new ControlMessage(new ByteBufferKaitaiStream(c.input()))._read())
                        .as(c.toString()).isInstanceOf(RuntimeException.class);
            } else {
                ControlMessage message = new ControlMessage(new ByteBufferKaitaiStream(c.input()));
                message._read();
                boolean unknownType = message.messageTypeEnum() == null;
                assertThat(unknownType ? "CTL_UNKNOWN_TYPE" : "CTL_BAD_CODE").as(c.toString()).isEqualTo(c.error());
            }
        }
    }

    private static DatagramCodec codecFor(JsonNode group) {
        Set<Integer> known = new HashSet<>();
        group.get("knownProtocols").forEach(p -> known.add(p.asInt()));
        return new DatagramCodec(group.get("maxPacketSize").asInt(), known::contains);
    }

    private static long crcWithZeroedField(byte[] packet) {
        CRC32C crc = new CRC32C();
        crc.update(packet, 0, 4);
        crc.update(new byte[4]);
        crc.update(packet, 8, packet.length - 8);
        return crc.getValue();
    }
}
