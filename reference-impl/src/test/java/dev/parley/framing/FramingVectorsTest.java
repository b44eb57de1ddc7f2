package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.wire.framing.Frame;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs spec/vectors/framing.json through {@link FrameDecoder}, cut into chunks three ways, and through the generated parser. */
class FramingVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    @DisplayName("[FR-DELIV-1] [FR-LEN-2] framing vectors through FrameDecoder, whole, byte by byte and in random chunks")
    Stream<DynamicTest> vectorsThroughDecoder() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : tests()) {
            byte[] stream = HEX.parseHex(t.get("input").asText());
            for (String cut : List.of("whole", "byte-by-byte", "random")) {
                tests.add(DynamicTest.dynamicTest("tcId " + t.get("tcId") + " (" + cut + "): " + t.get("comment").asText(), () -> {
                    FrameDecoder decoder = new FrameDecoder(t.get("maxMessageBytes").asInt());
                    List<String> messages = new ArrayList<>();
                    FramingError error = null;
                    SplittableRandom random = new SplittableRandom(t.get("tcId").asInt());
                    int at = 0;
                    while (at < stream.length && error == null) {
                        int n = switch (cut) {
                            case "whole" -> stream.length;
                            case "byte-by-byte" -> 1;
                            default -> 1 + random.nextInt(Math.min(stream.length - at, 7));
                        };
                        error = decoder.feed(stream, at, n, m -> messages.add(HEX.formatHex(m)));
                        at += n;
                    }
                    if (error == null) {
                        error = decoder.onEndOfStream();
                    }
                    List<String> expected = new ArrayList<>();
                    t.get("expected").get("messages").forEach(m -> expected.add(m.asText()));
                    assertThat(messages).containsExactlyElementsOf(expected);
                    assertThat(error == null ? "valid" : error.name())
                            .isEqualTo(t.get("result").asText().equals("valid") ? "valid" : t.get("error").asText());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("[FR-FRAME-1] valid single-message vectors through the generated parser, and re-encoded by FrameCodec")
    Stream<DynamicTest> singleMessageVectorsThroughGeneratedParser() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : tests()) {
            if (!t.get("result").asText().equals("valid") || t.get("expected").get("messages").size() != 1) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("tcId " + t.get("tcId") + ": " + t.get("comment").asText(), () -> {
                byte[] stream = HEX.parseHex(t.get("input").asText());
                Frame frame = new Frame(new ByteBufferKaitaiStream(stream));
                frame._read();
                byte[] message = HEX.parseHex(t.get("expected").get("messages").get(0).asText());
                assertThat(frame.header().frameType()).isEqualTo(FrameCodec.TYPE_MESSAGE);
                assertThat(frame.payload()).isEqualTo(message);
                assertThat(FrameCodec.encodeMessage(message)).isEqualTo(stream);
            }));
        }
        return tests.stream();
    }

    private static JsonNode tests() throws Exception {
        try (InputStream in = FramingVectorsTest.class.getResourceAsStream("/vectors/framing.json")) {
            JsonNode file = new ObjectMapper().readTree(in);
            JsonNode tests = file.get("testGroups").get(0).get("tests");
            assertThat(tests.size()).isEqualTo(file.get("numberOfTests").asInt());
            return tests;
        }
    }
}
