package dev.parley.conformance.transport;

import dev.parley.conformance.transport.SegmentTesterCodec.SackBlock;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ways to break a segment of a live connection on purpose, each with the drop code the receive
 * checks give it [TR-SEG-6]. A break starts from a well-formed ACK carrying data at the tester's
 * next sequence number, so that a receiver which wrongly accepted it would deliver, reset or
 * close something the scenario can see.
 */
public enum MalformedSegment {

    SHORTER_THAN_HEADER("shorter than its header", "TR_TRUNCATED",
            s -> Arrays.copyOf(SegmentTesterCodec.write(s), SegmentTesterCodec.HEADER_LENGTH - 8)),
    MISSING_SACK_BLOCK("announcing a SACK block it lacks", "TR_TRUNCATED", s -> {
        byte[] bytes = SegmentTesterCodec.write(s.withData(new byte[0]));
        bytes[SegmentTesterCodec.NUM_SACK_BLOCKS_OFFSET] = 1;
        return bytes;
    }),
    LEN_DATA_TOO_LARGE("whose len_data is one more than its data", "TR_BAD_LENGTH", s -> {
        byte[] bytes = SegmentTesterCodec.write(s);
        int lenData = s.data().length + 1;
        bytes[SegmentTesterCodec.LEN_DATA_OFFSET] = (byte) (lenData >>> 8);
        bytes[SegmentTesterCodec.LEN_DATA_OFFSET + 1] = (byte) lenData;
        return bytes;
    }),
    TRAILING_BYTE("with a byte after its data", "TR_BAD_LENGTH", s -> {
        byte[] bytes = SegmentTesterCodec.write(s);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }),
    SOURCE_PORT_ZERO("from port 0", "TR_BAD_PORT", s -> SegmentTesterCodec.write(s.withPorts(0, s.dstPort()))),
    DESTINATION_PORT_ZERO("to port 0", "TR_BAD_PORT", s -> SegmentTesterCodec.write(s.withPorts(s.srcPort(), 0))),
    SYN_FIN("with SYN and FIN", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withData(new byte[0]).withFlags(SegmentTesterCodec.SYN
                    | SegmentTesterCodec.FIN))),
    SYN_WITH_DATA("with SYN, ACK and data", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withFlags(SegmentTesterCodec.SYN | SegmentTesterCodec.ACK))),
    RST_WITH_DATA("with RST, ACK and data", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withFlags(SegmentTesterCodec.RST | SegmentTesterCodec.ACK))),
    RST_FIN("with RST, FIN and ACK", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withData(new byte[0]).withFlags(SegmentTesterCodec.RST
                    | SegmentTesterCodec.FIN | SegmentTesterCodec.ACK))),
    DATA_WITHOUT_ACK("with data but none of SYN, ACK and RST", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withFlags(0))),
    FIN_WITHOUT_ACK("with FIN but none of SYN, ACK and RST", "TR_BAD_FLAGS",
            s -> SegmentTesterCodec.write(s.withData(new byte[0]).withFlags(SegmentTesterCodec.FIN))),
    FIVE_SACK_BLOCKS("with 5 SACK blocks", "TR_BAD_SACK", s -> {
        long base = SegmentTesterCodec.plus(s.ackNum(), 100_000);
        List<SackBlock> blocks = List.of(0, 1, 2, 3, 4).stream()
                .map(i -> new SackBlock(SegmentTesterCodec.plus(base, 200L * i), SegmentTesterCodec.plus(base, 200L * i + 100)))
                .toList();
        return SegmentTesterCodec.write(s.withData(new byte[0]).withSackBlocks(blocks));
    }),
    INVERTED_SACK_BLOCK("with an inverted SACK block", "TR_BAD_SACK", s -> {
        long base = SegmentTesterCodec.plus(s.ackNum(), 100_000);
        return SegmentTesterCodec.write(s.withData(new byte[0])
                .withSackBlocks(List.of(new SackBlock(SegmentTesterCodec.plus(base, 100), base))));
    }),
    EMPTY_SACK_BLOCK("with an empty SACK block", "TR_BAD_SACK", s -> {
        long base = SegmentTesterCodec.plus(s.ackNum(), 100_000);
        return SegmentTesterCodec.write(s.withData(new byte[0]).withSackBlocks(List.of(new SackBlock(base, base))));
    }),
    SACK_WITHOUT_ACK("with a SACK block but no ACK", "TR_BAD_FLAGS", s -> {
        long base = SegmentTesterCodec.plus(s.ackNum(), 100_000);
        return SegmentTesterCodec.write(s.withFlags(0).withData(new byte[0])
                .withSackBlocks(List.of(new SackBlock(base, SegmentTesterCodec.plus(base, 100)))));
    });

    private static final Map<String, MalformedSegment> BY_PHRASE = Arrays.stream(values())
            .collect(Collectors.toMap(m -> m.phrase, m -> m));

    private final String phrase;
    private final String dropCode;
    private final Function<Segment, byte[]> breaker;

    MalformedSegment(String phrase, String dropCode, Function<Segment, byte[]> breaker) {
        this.phrase = phrase;
        this.dropCode = dropCode;
        this.breaker = breaker;
    }

    /** The break a scenario names, as in "a segment {@code <phrase>}". */
    public static MalformedSegment byPhrase(String phrase) {
        MalformedSegment m = BY_PHRASE.get(phrase);
        if (m == null) {
            throw new IllegalArgumentException("no malformed segment '" + phrase + "'; known: " + BY_PHRASE.keySet());
        }
        return m;
    }

    public String phrase() {
        return phrase;
    }

    /** The canonical code a receiver drops it with [TR-ERR-1]. */
    public String dropCode() {
        return dropCode;
    }

    /**
     * The bytes of {@code base} broken this way. The suite's own reading of the checks must agree
     * with {@link #dropCode()}; when it does not, the suite is wrong, not the IUT.
     *
     * @throws IllegalStateException if the bytes would not earn {@link #dropCode()}
     */
    public byte[] applyTo(Segment base) {
        byte[] bytes = breaker.apply(base);
        String earned = SegmentTesterCodec.classify(bytes).orElse("no drop");
        if (!earned.equals(dropCode)) {
            throw new IllegalStateException("suite error: a segment " + phrase + " earns " + earned + ", not " + dropCode);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "segment " + phrase;
    }
}
