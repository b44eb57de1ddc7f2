package dev.parley.conformance.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.SackBlock;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SegmentTesterCodec: the suite's transport codec, on the generated classes, against spec/vectors/transport.json")
class SegmentTesterCodecTest {

    record Vector(int tcId, String comment, String input, String result, String error, JsonNode expected) {
        @Override
        public String toString() {
            return "tcId " + tcId + ": " + comment;
        }
    }

    static Stream<Vector> vectors() {
        JsonNode root;
        String property = System.getProperty("parley.root", "").strip();
        Path repository = property.isEmpty() ? Path.of("..") : Path.of(property);
        try {
            root = new ObjectMapper().readTree(repository.resolve("spec/vectors/transport.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Vector> all = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                all.add(new Vector(t.get("tcId").asInt(), t.get("comment").asText(), t.get("input").asText(),
                        t.get("result").asText(), t.path("error").asText(null), t.get("expected")));
            }
        }
        return all.stream();
    }

    static Stream<Vector> validVectors() {
        return vectors().filter(v -> v.result().equals("valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("classifies every vector as the spec does, first failing check first [TR-SEG-6]")
    void classifiesLikeTheSpec(Vector v) {
        Optional<String> drop = SegmentTesterCodec.classify(TesterCodec.unhex(v.input()));

        assertThat(drop.orElse("valid")).isEqualTo(v.result().equals("valid") ? "valid" : v.error());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVectors")
    @DisplayName("reads every valid vector's fields and writes it back byte for byte (reserved bits ignored)")
    void readsAndRewritesValidSegments(Vector v) {
        byte[] input = TesterCodec.unhex(v.input());

        Segment s = SegmentTesterCodec.read(input);

        JsonNode e = v.expected();
        assertThat(s.srcPort()).isEqualTo(e.get("srcPort").asInt());
        assertThat(s.dstPort()).isEqualTo(e.get("dstPort").asInt());
        assertThat(s.seqNum()).isEqualTo(e.get("seqNum").asLong());
        assertThat(s.ackNum()).isEqualTo(e.get("ackNum").asLong());
        List<String> flags = new ArrayList<>();
        List.of("SYN", "ACK", "FIN", "RST").forEach(f -> {
            if (e.get("flags").get(f.toLowerCase(java.util.Locale.ROOT)).asBoolean()) {
                flags.add(f);
            }
        });
        assertThat(SegmentTesterCodec.flagNames(s.flags() & 0x0f)).isEqualTo(flags.isEmpty() ? "none" : String.join("|", flags));
        assertThat(s.window()).isEqualTo(e.get("window").asLong());
        assertThat(s.tsVal()).isEqualTo(e.get("tsVal").asLong());
        assertThat(s.tsEcr()).isEqualTo(e.get("tsEcr").asLong());
        assertThat(s.sackBlocks()).hasSize(e.get("numSackBlocks").asInt());
        for (int i = 0; i < s.sackBlocks().size(); i++) {
            assertThat(s.sackBlocks().get(i)).isEqualTo(new SackBlock(e.get("sackBlocks").get(i).get("leftEdge").asLong(),
                    e.get("sackBlocks").get(i).get("rightEdge").asLong()));
        }
        assertThat(TesterCodec.hex(s.data())).isEqualTo(e.get("data").asText());
        assertThat(SegmentTesterCodec.write(s)).isEqualTo(input);
    }

    @ParameterizedTest
    @EnumSource(MalformedSegment.class)
    @DisplayName("every deliberate break earns the drop code it names")
    void everyBreakEarnsItsCode(MalformedSegment m) {
        Segment base = new Segment(49_152, 7, 1000, 2000, SegmentTesterCodec.ACK, 65_536, 5, 6, List.of(),
                new byte[] {1, 0, 0, 0, 0});

        byte[] broken = m.applyTo(base);

        assertThat(SegmentTesterCodec.classify(broken)).contains(m.dropCode());
    }

    @Test
    @DisplayName("sequence arithmetic wraps modulo 2^32 (RFC 9293 section 3.4)")
    void comparesAcrossTheWrap() {
        assertThat(SegmentTesterCodec.before(0xffffff00L, 0x10L)).isTrue();
        assertThat(SegmentTesterCodec.before(0x10L, 0xffffff00L)).isFalse();
        assertThat(SegmentTesterCodec.plus(0xffffffffL, 2)).isEqualTo(1);
    }
}
