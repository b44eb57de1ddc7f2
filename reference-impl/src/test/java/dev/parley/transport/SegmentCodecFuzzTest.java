package dev.parley.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the segment decoder [TR-ERR-1]: whatever the bytes, {@code ReceiveSegment} drops exactly the
 * segments that break a format rule, with the code of a rule they break, decodes the others to segments that encode
 * back to the same bytes, and never throws ({@link SegmentRules}).
 *
 * <p>{@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/transport/SegmentCodecFuzzTestInputs/decode/}; with {@code JAZZER_FUZZ=1} the
 * target is fuzzed (README.md, "Fuzzing").
 */
class SegmentCodecFuzzTest {

    /** [TR-SEG-2] [TR-SEG-3] [TR-SEG-4] [TR-SEG-5] [TR-SEG-6] */
    @FuzzTest(maxDuration = "2m")
    void decode(byte[] segment) {
        SegmentRules.check(segment);
    }
}
