package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for the frame decoder (procedure {@code ReceiveFrames}): fed any byte stream in any chunks, it delivers
 * exactly the messages that a plain reading of spec/framing.md finds in the stream, in order, stops at the first
 * error with that error's code, reports {@code FR_TRUNCATED} when the stream ends inside a frame, holds memory in
 * proportion to the bytes that arrived rather than to what a header announces [FR-LEN-3], and never throws.
 *
 * <p>Input layout: octet 0 chooses the receiver's message limit, octet 1 the chunk sizes, the rest is the stream.
 * {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/framing/FrameDecoderFuzzTestInputs/receiveFrames/}; with {@code JAZZER_FUZZ=1}
 * the target is fuzzed (README.md, "Fuzzing").
 */
class FrameDecoderFuzzTest {

    private static final int[] LIMITS = {0, 1, 100, 70_000, FrameCodec.DEFAULT_MAX_MESSAGE_BYTES};
    private static final int SLACK = 64 * 1024;

    /** [FR-FRAME-1] [FR-DELIV-1] [FR-LEN-2] [FR-LEN-3] [FR-ERR-2] */
    @FuzzTest(maxDuration = "2m")
    void receiveFrames(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int limit = LIMITS[(input[0] & 0xFF) % LIMITS.length];
        int chunkSeed = input[1] & 0xFF;
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        Expected expected = read(stream, limit);

        FrameDecoder decoder = new FrameDecoder(limit);
        List<byte[]> got = new ArrayList<>();
        FramingError error = null;
        int at = 0;
        int step = 0;
        while (at < stream.length && error == null) {
            int n = Math.min(stream.length - at, 1 + (chunkSeed * 31 + step * 17) % 97);
            step++;
            error = decoder.feed(stream, at, n, got::add);
            at += n;
            assertThat((long) decoder.bufferedBytes()).as("memory held after %d stream octets", at)
                    .isLessThanOrEqualTo(FrameCodec.HEADER_LENGTH + Math.min((long) limit, Math.max(SLACK, 2L * at)));
        }
        if (error == null) {
            error = decoder.onEndOfStream();
        }

        assertThat(got).as("messages").hasSameSizeAs(expected.messages);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).as("message %d", i).isEqualTo(expected.messages.get(i));
        }
        assertThat(error).as("error").isEqualTo(expected.error);
        assertThat(decoder.feed(new byte[] {1, 0, 0, 0, 0}, 0, 5, got::add)).as("after an error, nothing more")
                .isEqualTo(expected.error == null ? null : expected.error);
    }

    private record Expected(List<byte[]> messages, FramingError error) {
    }

    /** spec/framing.md read plainly: 5-octet headers (type, big-endian length), then the payload. */
    private static Expected read(byte[] s, int limit) {
        List<byte[]> messages = new ArrayList<>();
        int at = 0;
        while (at < s.length) {
            if (s.length - at < 5) {
                return new Expected(messages, FramingError.FR_TRUNCATED);
            }
            int type = s[at] & 0xFF;
            long len = ((s[at + 1] & 0xFFL) << 24) | ((s[at + 2] & 0xFFL) << 16) | ((s[at + 3] & 0xFFL) << 8)
                    | (s[at + 4] & 0xFFL);
            if (type != FrameCodec.TYPE_MESSAGE) {
                return new Expected(messages, FramingError.FR_UNKNOWN_TYPE);
            }
            if (len > limit) {
                return new Expected(messages, FramingError.FR_TOO_LARGE);
            }
            if (s.length - at - 5 < len) {
                return new Expected(messages, FramingError.FR_TRUNCATED);
            }
            messages.add(Arrays.copyOfRange(s, at + 5, at + 5 + (int) len));
            at += 5 + (int) len;
        }
        return new Expected(messages, null);
    }
}
