package dev.parley.conformance.datagram;

import dev.parley.conformance.datagram.TesterCodec.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Deliberate faults applied to a well-formed packet, each one breaking exactly one receive check
 * (spec/datagram.md, "Receive checks"). Field faults recompute the checksum, so that several faults
 * together test the order of the checks [DG-RECV-1] rather than the checksum alone. Faults apply in
 * a fixed order whatever order they are listed in: padding, field changes, checksum corruption,
 * truncation.
 *
 * <p>Each fault has a phrase, used by the Gherkin steps: {@code with a corrupted checksum},
 * {@code truncated to 5 bytes}, {@code with its length field off by one},
 * {@code with its length field set to 9}, {@code with version 2}, {@code with next protocol 77},
 * {@code padded to 1201 bytes}; several are joined with {@code and}.
 */
public record Faults(List<Fault> faults) {

    /** One fault; {@link #rank()} fixes the order of application. */
    public sealed interface Fault permits PadTo, Version, NextProtocol, LengthField, LengthOffByOne,
            CorruptChecksum, TruncateTo {
        int rank();

        String phrase();
    }

    /** Extends the payload with zero bytes until the packet has {@code length} bytes (length and checksum right). */
    public record PadTo(int length) implements Fault {
        public PadTo {
            check("length", length, 8, 65535);
        }

        public int rank() {
            return 0;
        }

        public String phrase() {
            return "padded to " + length + " bytes";
        }
    }

    /** Sets {@code version} [DG-VER-1]. */
    public record Version(int version) implements Fault {
        public Version {
            check("version", version, 0, 255);
        }

        public int rank() {
            return 1;
        }

        public String phrase() {
            return "with version " + version;
        }
    }

    /** Sets {@code next_protocol}. */
    public record NextProtocol(int protocol) implements Fault {
        public NextProtocol {
            check("protocol", protocol, 0, 255);
        }

        public int rank() {
            return 1;
        }

        public String phrase() {
            return "with next protocol " + protocol;
        }
    }

    /** Sets {@code len_packet} [DG-LEN-1]. */
    public record LengthField(int lenPacket) implements Fault {
        public LengthField {
            check("lenPacket", lenPacket, 0, 65535);
        }

        public int rank() {
            return 1;
        }

        public String phrase() {
            return "with its length field set to " + lenPacket;
        }
    }

    /** Sets {@code len_packet} one more than the packet's length [DG-LEN-1]. */
    public record LengthOffByOne() implements Fault {
        public int rank() {
            return 1;
        }

        public String phrase() {
            return "with its length field off by one";
        }
    }

    /** Flips the lowest bit of the checksum field [DG-CSUM-1]. */
    public record CorruptChecksum() implements Fault {
        public int rank() {
            return 2;
        }

        public String phrase() {
            return "with a corrupted checksum";
        }
    }

    /** Keeps only the first {@code length} bytes. */
    public record TruncateTo(int length) implements Fault {
        public TruncateTo {
            check("length", length, 0, 65535);
        }

        public int rank() {
            return 3;
        }

        public String phrase() {
            return "truncated to " + length + " bytes";
        }
    }

    /** Regex of one fault phrase, for step definitions. */
    public static final String PHRASE = "(?:padded to \\d+ bytes|with version \\d+|with next protocol \\d+"
            + "|with its length field set to \\d+|with its length field off by one|with a corrupted checksum"
            + "|truncated to \\d+ bytes?)";
    /** Regex of one or more fault phrases joined by "and". */
    public static final String PHRASES = PHRASE + "(?: and " + PHRASE + ")*";

    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    public Faults {
        faults = faults.stream().sorted(Comparator.comparingInt(Fault::rank)).toList();
    }

    public static Faults of(Fault... faults) {
        return new Faults(Arrays.asList(faults));
    }

    /** Parses phrases such as {@code with version 2 and truncated to 5 bytes}. */
    public static Faults parse(String text) {
        if (!text.strip().matches(PHRASES)) {
            throw new IllegalArgumentException("not a fault description: '" + text + "'; expected " + PHRASES);
        }
        List<Fault> faults = new ArrayList<>();
        for (String phrase : text.strip().split(" and ")) {
            Matcher n = NUMBER.matcher(phrase);
            int value = n.find() ? Integer.parseInt(n.group(1)) : 0;
            if (phrase.startsWith("padded to")) {
                faults.add(new PadTo(value));
            } else if (phrase.startsWith("with version")) {
                faults.add(new Version(value));
            } else if (phrase.startsWith("with next protocol")) {
                faults.add(new NextProtocol(value));
            } else if (phrase.startsWith("with its length field set to")) {
                faults.add(new LengthField(value));
            } else if (phrase.equals("with its length field off by one")) {
                faults.add(new LengthOffByOne());
            } else if (phrase.equals("with a corrupted checksum")) {
                faults.add(new CorruptChecksum());
            } else {
                faults.add(new TruncateTo(value));
            }
        }
        return new Faults(faults);
    }

    /** Applies the faults to a well-formed packet and returns the datagram to send. */
    public byte[] applyTo(byte[] wellFormedPacket) {
        Packet p = TesterCodec.read(wellFormedPacket);
        int version = p.version();
        int protocol = p.nextProtocol();
        byte[] payload = p.payload();
        Integer lenPacket = null;
        boolean offByOne = false;
        for (Fault fault : faults) {
            if (fault instanceof PadTo pad) {
                if (pad.length() < TesterCodec.HEADER_LENGTH + payload.length) {
                    throw new IllegalArgumentException(pad.phrase() + " is shorter than the packet ("
                            + (TesterCodec.HEADER_LENGTH + payload.length) + " bytes)");
                }
                payload = Arrays.copyOf(payload, pad.length() - TesterCodec.HEADER_LENGTH);
            } else if (fault instanceof Version v) {
                version = v.version();
            } else if (fault instanceof NextProtocol np) {
                protocol = np.protocol();
            } else if (fault instanceof LengthField lf) {
                lenPacket = lf.lenPacket();
            } else if (fault instanceof LengthOffByOne) {
                offByOne = true;
            }
        }
        int length = TesterCodec.HEADER_LENGTH + payload.length;
        int len = lenPacket != null ? lenPacket : offByOne ? length + 1 : length;
        byte[] bytes = TesterCodec.write(new Packet(version, protocol, len, 0, payload));
        bytes = TesterCodec.withChecksum(bytes, TesterCodec.crc32c(bytes));
        for (Fault fault : faults) {
            if (fault instanceof CorruptChecksum) {
                bytes[TesterCodec.HEADER_LENGTH - 1] ^= 1;
            } else if (fault instanceof TruncateTo t) {
                bytes = Arrays.copyOf(bytes, Math.min(t.length(), bytes.length));
            }
        }
        return bytes;
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within [" + min + ", " + max + "], was " + value);
        }
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    @Override
    public String toString() {
        return faults.stream().map(Fault::phrase).collect(Collectors.joining(" and "));
    }
}
