package dev.parley.conformance.framing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conformance.datagram.TesterCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Framing tester: frames on the generated codec and the contract's test patterns [CF-PAT-1]")
class FramingTesterTest {

    @Test
    @DisplayName("writes the frames of every valid multi-message vector of spec/vectors/framing.json")
    void writesTheSpecsFrames() throws IOException {
        String property = System.getProperty("parley.root", "").strip();
        Path repository = property.isEmpty() ? Path.of("..") : Path.of(property);
        JsonNode root = new ObjectMapper().readTree(repository.resolve("spec/vectors/framing.json").toFile());
        int checked = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                if (!t.get("result").asText().equals("valid")) {
                    continue;
                }
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                for (JsonNode m : t.get("expected").get("messages")) {
                    stream.writeBytes(FrameTesterCodec.message(TesterCodec.unhex(m.asText())));
                }
                assertThat(TesterCodec.hex(stream.toByteArray())).as("tcId %d", t.get("tcId").asInt())
                        .isEqualTo(t.get("input").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(3);
    }

    @Test
    @DisplayName("writes headers of any type and length, the payload left out")
    void writesBareHeaders() {
        assertThat(TesterCodec.hex(FrameTesterCodec.header(2, 0xffffffffL))).isEqualTo("02ffffffff");
        assertThat(TesterCodec.hex(FrameTesterCodec.frame(0, new byte[] {0x61}))).isEqualTo("000000000161");
    }

    @Test
    @DisplayName("the pattern's first block is SHA-256(seed || 0), as the contract's example says")
    void firstBlockIsTheHashOfSeedAndZero() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(16).putLong(1).putLong(0).array());

        byte[] pattern = new TestPattern(1, 40).bytes();

        assertThat(Arrays.copyOf(pattern, 32)).isEqualTo(expected);
        byte[] second = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(16).putLong(1).putLong(1).array());
        assertThat(Arrays.copyOfRange(pattern, 32, 40)).isEqualTo(Arrays.copyOf(second, 8));
    }

    @Test
    @DisplayName("negative seeds are two's complement")
    void negativeSeed() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(TesterCodec.unhex("ffffffffffffffff0000000000000000"));

        assertThat(new TestPattern(-1, 32).bytes()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 31, 32, 33, 1000, 65_537})
    @DisplayName("the streamed SHA-256 equals the hash of the whole pattern")
    void streamedHashMatches(long length) {
        TestPattern p = new TestPattern(7, length);

        assertThat(p.sha256Hex()).isEqualTo(TestPattern.sha256Hex(p.bytes()));
    }
}
