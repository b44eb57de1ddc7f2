package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.wire.transport.TransportSegment;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every vector of spec/vectors/transport.json through {@link SegmentCodec} and the generated parser. */
class SegmentVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static JsonNode vectors() throws IOException {
        try (InputStream in = SegmentVectorsTest.class.getResourceAsStream("/vectors/transport.json")) {
            assertThat(in).as("vectors/transport.json on the test classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        vectors().get("testGroups").forEach(g -> g.get("tests").forEach(all::add));
        return all.stream();
    }

    static Stream<JsonNode> validCases() throws IOException {
        return cases().filter(t -> t.get("result").asText().equals("valid"));
    }

    @Test
    @DisplayName("[TR-SEG-6] random segments round-trip, and mutated or cut ones decode or drop without throwing")
    void randomSegmentsRoundTripAndMutationsNeverThrow() {
        java.util.Random random = new java.util.Random(20261125);
        for (int i = 0; i < 5_000; i++) {
            int blocks = random.nextInt(5);
            List<Segment.SackBlock> sack = new ArrayList<>();
            for (int k = 0; k < blocks; k++) {
                int left = random.nextInt();
                sack.add(new Segment.SackBlock(left, left + 1 + random.nextInt(1 << 20)));
            }
            byte[] data = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(1100)];
            random.nextBytes(data);
            Segment seg = new Segment(1 + random.nextInt(65_535), 1 + random.nextInt(65_535), random.nextInt(),
                    random.nextInt(), Segment.ACK | (random.nextBoolean() ? Segment.FIN : 0),
                    Integer.toUnsignedLong(random.nextInt()), random.nextInt(), random.nextInt(), sack, data);
            byte[] bytes = SegmentCodec.encode(seg);
            assertThat(bytes).hasSize(seg.encodedLength());
            assertThat(SegmentCodec.decode(bytes).segment()).isEqualTo(seg);
            byte[] mutated = bytes.clone();
            mutated[random.nextInt(Math.min(mutated.length, 60))] ^= (byte) (1 + random.nextInt(255));
            assertDecodesOrDrops(mutated);
            assertDecodesOrDrops(java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)));
        }
    }

    private static void assertDecodesOrDrops(byte[] input) {
        SegmentCodec.Decoded decoded = SegmentCodec.decode(input);
        assertThat(decoded.ok() ^ decoded.dropReason() != null).isTrue();
        if (decoded.ok()) {
            // Reserved flag bits are ignored on receipt, so compare segments, not bytes.
            assertThat(SegmentCodec.decode(SegmentCodec.encode(decoded.segment())).segment()).isEqualTo(decoded.segment());
        }
    }

    @Test
    @DisplayName("numberOfTests matches the vectors and tcIds are unique")
    void vectorFileIsConsistent() throws IOException {
        JsonNode v = vectors();
        List<JsonNode> all = cases().toList();
        assertThat(v.get("numberOfTests").asInt()).isEqualTo(all.size());
        assertThat(all.stream().map(t -> t.get("tcId").asInt()).distinct().count()).isEqualTo(all.size());
    }

    @ParameterizedTest(name = "tcId {0}")
    @MethodSource("cases")
    @DisplayName("[TR-SEG-6] SegmentCodec decodes valid vectors to their fields and drops invalid ones with their code")
    void codecAgreesWithVector(JsonNode t) {
        byte[] input = HEX.parseHex(t.get("input").asText());
        SegmentCodec.Decoded d = SegmentCodec.decode(input);
        if (t.get("result").asText().equals("valid")) {
            assertThat(d.ok()).as(t.get("comment").asText()).isTrue();
            assertFields(d.segment(), t.get("expected"));
            Segment s = d.segment();
            if ((input[12] & Segment.RESERVED) == 0) {
                assertThat(SegmentCodec.encode(s)).as("round trip").isEqualTo(input);
            }
        } else {
            assertThat(d.ok()).as(t.get("comment").asText()).isFalse();
            assertThat(d.dropReason().name()).isEqualTo(t.get("error").asText());
        }
    }

    @ParameterizedTest(name = "tcId {0}")
    @MethodSource("validCases")
    @DisplayName("the generated parser alone reads every valid vector to the expected fields and writes it back")
    void generatedParserReadsValidVectors(JsonNode t) {
        byte[] input = HEX.parseHex(t.get("input").asText());
        TransportSegment w = new TransportSegment(new ByteBufferKaitaiStream(input));
        w._read();
        JsonNode e = t.get("expected");
        assertThat(w.srcPort()).isEqualTo(e.get("srcPort").asInt());
        assertThat(w.dstPort()).isEqualTo(e.get("dstPort").asInt());
        assertThat(w.seqNum()).isEqualTo(e.get("seqNum").asLong());
        assertThat(w.ackNum()).isEqualTo(e.get("ackNum").asLong());
        assertThat(w.numSackBlocks()).isEqualTo(e.get("numSackBlocks").asInt());
        assertThat(w.window()).isEqualTo(e.get("window").asLong());
        assertThat(w.tsVal()).isEqualTo(e.get("tsVal").asLong());
        assertThat(w.tsEcr()).isEqualTo(e.get("tsEcr").asLong());
        assertThat(w.lenData()).isEqualTo(e.get("lenData").asInt());
        List<String> flags = new ArrayList<>();
        if (w.flags().syn()) flags.add("SYN");
        if (w.flags().ack()) flags.add("ACK");
        if (w.flags().fin()) flags.add("FIN");
        if (w.flags().rst()) flags.add("RST");
        assertThat(flags).isEqualTo(flagNames(e.get("flags")));
        for (int i = 0; i < w.numSackBlocks(); i++) {
            assertThat(w.sackBlocks().get(i).leftEdge()).isEqualTo(e.get("sackBlocks").get(i).get("leftEdge").asLong());
            assertThat(w.sackBlocks().get(i).rightEdge()).isEqualTo(e.get("sackBlocks").get(i).get("rightEdge").asLong());
        }
        assertThat(HEX.formatHex(w.data())).isEqualTo(e.get("data").asText());
        byte[] out = new byte[input.length];
        w._check();
        w._write(new ByteBufferKaitaiStream(out));
        assertThat(out).isEqualTo(input);
    }

    @ParameterizedTest(name = "tcId {0}")
    @MethodSource("cases")
    @DisplayName("the generated parser alone fails on every vector whose declared lengths exceed the input")
    void generatedParserFailsOnTruncatedVectors(JsonNode t) {
        if (!"TR_TRUNCATED".equals(t.path("error").asText())) {
            return;
        }
        byte[] input = HEX.parseHex(t.get("input").asText());
        assertThatThrownBy(() -> new TransportSegment(new ByteBufferKaitaiStream(input))._read())
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    @DisplayName("[TR-SEG-3] encode refuses a segment that breaks the flag rules")
    void encodeRefusesInvalidSegments() {
        Segment synWithData = new Segment(1, 2, 0, 0, Segment.SYN, 0, 0, 0, List.of(), new byte[1]);
        assertThatThrownBy(() -> SegmentCodec.encode(synWithData)).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertFields(Segment s, JsonNode e) {
        assertThat(s.srcPort()).isEqualTo(e.get("srcPort").asInt());
        assertThat(s.dstPort()).isEqualTo(e.get("dstPort").asInt());
        assertThat(Integer.toUnsignedLong(s.seqNum())).isEqualTo(e.get("seqNum").asLong());
        assertThat(Integer.toUnsignedLong(s.ackNum())).isEqualTo(e.get("ackNum").asLong());
        assertThat(s.window()).isEqualTo(e.get("window").asLong());
        assertThat(Integer.toUnsignedLong(s.tsVal())).isEqualTo(e.get("tsVal").asLong());
        assertThat(Integer.toUnsignedLong(s.tsEcr())).isEqualTo(e.get("tsEcr").asLong());
        assertThat(s.sackBlocks()).hasSize(e.get("numSackBlocks").asInt());
        for (int i = 0; i < s.sackBlocks().size(); i++) {
            assertThat(Integer.toUnsignedLong(s.sackBlocks().get(i).leftEdge()))
                    .isEqualTo(e.get("sackBlocks").get(i).get("leftEdge").asLong());
            assertThat(Integer.toUnsignedLong(s.sackBlocks().get(i).rightEdge()))
                    .isEqualTo(e.get("sackBlocks").get(i).get("rightEdge").asLong());
        }
        assertThat(HEX.formatHex(s.data())).isEqualTo(e.get("data").asText());
        List<String> flags = new ArrayList<>();
        if (s.syn()) flags.add("SYN");
        if (s.ack()) flags.add("ACK");
        if (s.fin()) flags.add("FIN");
        if (s.rst()) flags.add("RST");
        assertThat(flags).isEqualTo(flagNames(e.get("flags")));
    }

    /** The set flags of a vector's {@code flags} object, in the order SYN, ACK, FIN, RST. */
    private static List<String> flagNames(JsonNode flags) {
        List<String> out = new ArrayList<>();
        for (String name : List.of("syn", "ack", "fin", "rst")) {
            if (flags.get(name).asBoolean()) {
                out.add(name.toUpperCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
