package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The datagram codec: round trips, the receive checks in their order, and bit flips. The randomised cases are
 * seeded parameterised tests (a case is named by its seed and reproduces from it alone); coverage-guided fuzzing
 * of the same decoders is in {@link DatagramCodecFuzzTest}.
 */
class DatagramCodecTest {

    private static final IntPredicate REGISTERED = p -> p == 1 || p == 2;
    private final DatagramCodec codec = DatagramCodec.withRegisteredProtocols(1200);

    static Stream<Long> seeds300() {
        return LongStream.range(0, 300).boxed();
    }

    static Stream<Long> seeds1000() {
        return LongStream.range(0, 1000).boxed();
    }

    static IntStream payloadSizes() {
        return IntStream.of(0, 1, 2, 55, 56, 57, 64, 1000, 1191, 1192);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    @DisplayName("[DG-LEN-1] [DG-CSUM-1] every packet up to the maximum size decodes to what was encoded")
    void roundTripsEveryPacketUpToTheMaximumSize(long seed) {
        Random r = new Random(seed);
        int protocol = 1 + r.nextInt(2);
        byte[] payload = new byte[r.nextInt(1193)];
        r.nextBytes(payload);
        byte[] bytes = codec.encode(protocol, payload);
        assertThat(bytes).hasSize(8 + payload.length);
        assertThat(DatagramRules.checkPacket(codec, bytes, REGISTERED)).as("passes every check").isNotNull();
        Packet packet = ((Decoded.Ok<Packet>) codec.decode(bytes)).value();
        assertThat(packet.nextProtocol()).isEqualTo(protocol);
        assertThat(packet.payload()).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0} octets of payload")
    @MethodSource("payloadSizes")
    @DisplayName("[DG-PKT-1] the header is version 1, the protocol, len_packet and the CRC-32C, big-endian")
    void writesTheHeaderAsSpecified(int size) {
        byte[] payload = new byte[size];
        byte[] bytes = codec.encode(2, payload);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(bytes[1]).isEqualTo((byte) 2);
        assertThat(DatagramRules.u16(bytes, 2)).isEqualTo(8 + size);
        assertThat(DatagramRules.expectedPacketDrop(bytes, 1200, REGISTERED)).as("passes every check").isNull();
    }

    /**
     * [DG-DROP-1] [DG-RECV-1] [DG-CTL-11] Any bytes decode to the drop code of the first failing check or to a value
     * that encodes back to the same bytes; nothing throws. Half the cases are valid control packets with a random
     * body, so the control decoder sees every type and code.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds1000")
    @DisplayName("[DG-DROP-1] [DG-RECV-1] [DG-CTL-11] arbitrary bytes decode to the first failing check's code or round-trip")
    void decodesArbitraryBytesAsTheChecksRequire(long seed) {
        Random r = new Random(seed);
        byte[] datagram;
        if (r.nextBoolean()) {
            datagram = new byte[r.nextInt(1301)];
            r.nextBytes(datagram);
            if (datagram.length >= 2 && r.nextBoolean()) {
                datagram[0] = 1; // get past the version check more often
            }
        } else {
            byte[] body = new byte[r.nextInt(81)];
            r.nextBytes(body);
            if (body.length > 0 && r.nextBoolean()) {
                body[0] = (byte) new int[] {0, 3, 8}[r.nextInt(3)];
            }
            if (body.length > 1 && r.nextBoolean()) {
                body[1] = (byte) r.nextInt(3);
            }
            datagram = codec.encode(DatagramCodec.PROTOCOL_CONTROL, body);
        }
        Packet packet = DatagramRules.checkPacket(codec, datagram, REGISTERED);
        if (packet != null && packet.nextProtocol() == DatagramCodec.PROTOCOL_CONTROL) {
            DatagramRules.checkControl(codec, packet.payload());
        }
        DatagramRules.checkControl(codec, datagram);
        DatagramRules.checkQuoted(codec, datagram);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds1000")
    @DisplayName("[DG-CSUM-1] any single flipped bit is caught by the checksum or an earlier check")
    void everySingleBitFlipIsDetected(long seed) {
        Random r = new Random(seed);
        byte[] payload = new byte[1 + r.nextInt(200)];
        r.nextBytes(payload);
        byte[] bytes = codec.encode(2, payload);
        int index = r.nextInt(bytes.length * 8);
        bytes[index / 8] ^= (byte) (1 << (index % 8));
        assertThat(codec.decode(bytes)).isInstanceOf(Decoded.Dropped.class)
                .isEqualTo(Decoded.dropped(DatagramRules.expectedPacketDrop(bytes, 1200, REGISTERED)));
    }

    @Test
    @DisplayName("[DG-RECV-1] each check has its own drop code, in the specified order")
    void namesTheFirstFailingCheck() {
        byte[] good = codec.encode(2, new byte[10]);
        assertThat(codec.decode(new byte[1201])).isEqualTo(Decoded.dropped(DropReason.DG_TOO_LARGE));
        assertThat(codec.decode(new byte[7])).isEqualTo(Decoded.dropped(DropReason.DG_TRUNCATED));
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        badVersion[2] = 0; // a wrong length too: the version is checked first
        assertThat(codec.decode(badVersion)).isEqualTo(Decoded.dropped(DropReason.DG_BAD_VERSION));
        byte[] badLength = good.clone();
        badLength[3]++;
        assertThat(codec.decode(badLength)).isEqualTo(Decoded.dropped(DropReason.DG_BAD_LENGTH));
        byte[] badChecksum = good.clone();
        badChecksum[7] ^= 1;
        assertThat(codec.decode(badChecksum)).isEqualTo(Decoded.dropped(DropReason.DG_BAD_CHECKSUM));
        assertThat(codec.decode(DatagramCodec.withRegisteredProtocols(1200).encode(7, new byte[3])))
                .isEqualTo(Decoded.dropped(DropReason.DG_UNKNOWN_PROTOCOL));
    }

    @Test
    void refusesToEncodeAPacketLargerThanTheMaximum() {
        assertThatThrownBy(() -> codec.encode(2, new byte[1193]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1201");
    }

    @Test
    void refusesAMaximumPacketSizeOutsideTheAllowedRange() {
        assertThatThrownBy(() -> DatagramCodec.withRegisteredProtocols(63)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatagramCodec.withRegisteredProtocols(65_508)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsControlMessages() {
        Control.Echo echo = new Control.Echo(false, 65_535, 0, new byte[] {1, 2, 3});
        Control decoded = ((Decoded.Ok<Control>) codec.decodeControl(codec.encodeControl(echo))).value();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(echo);
        Control.Unreachable unreachable = new Control.Unreachable(1, 4242, codec.encode(2, new byte[10]));
        decoded = ((Decoded.Ok<Control>) codec.decodeControl(codec.encodeControl(unreachable))).value();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(unreachable);
    }

    @Test
    void readsTheHeaderOfAQuotedPacket() {
        byte[] packet = codec.encode(2, new byte[100]);
        Packet quoted = codec.decodeQuoted(java.util.Arrays.copyOf(packet, 64));
        assertThat(quoted.nextProtocol()).isEqualTo(2);
        assertThat(quoted.payload()).hasSize(56);
        assertThat(codec.decodeQuoted(new byte[7])).isNull();
    }
}
