package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DatagramCodecTest {

    private final DatagramCodec codec = DatagramCodec.withRegisteredProtocols(1200);

    @Property(tries = 300)
    void roundTripsEveryPacketUpToTheMaximumSize(@ForAll @IntRange(min = 1, max = 2) int protocol,
                                                 @ForAll @Size(max = 1192) byte[] payload) {
        byte[] bytes = codec.encode(protocol, payload);
        assertThat(bytes).hasSize(8 + payload.length);
        Decoded<Packet> decoded = codec.decode(bytes);
        assertThat(decoded).isInstanceOf(Decoded.Ok.class);
        Packet packet = ((Decoded.Ok<Packet>) decoded).value();
        assertThat(packet.nextProtocol()).isEqualTo(protocol);
        assertThat(packet.payload()).isEqualTo(payload);
    }

    /** [DG-DROP-1] No input makes the decoders throw: garbage becomes a drop reason. */
    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll("datagrams") byte[] datagram) {
        Decoded<Packet> decoded = codec.decode(datagram);
        if (decoded instanceof Decoded.Ok<Packet> ok && ok.value().nextProtocol() == DatagramCodec.PROTOCOL_CONTROL) {
            assertThat(codec.decodeControl(ok.value().payload())).isNotNull();
        }
        assertThat(codec.decodeControl(datagram)).isNotNull();
        codec.decodeQuoted(datagram);
    }

    /** [DG-CSUM-1] Any single flipped bit is caught by the checksum or an earlier check. */
    @Property(tries = 1000)
    void everySingleBitFlipIsDetected(@ForAll @Size(min = 1, max = 200) byte[] payload, @ForAll @IntRange(max = 10_000) int bit) {
        byte[] bytes = codec.encode(2, payload);
        int index = bit % (bytes.length * 8);
        bytes[index / 8] ^= (byte) (1 << (index % 8));
        assertThat(codec.decode(bytes)).isInstanceOf(Decoded.Dropped.class);
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(1300);
        Arbitrary<byte[]> mutatedControl = Arbitraries.bytes().array(byte[].class).ofMaxSize(80)
                .map(body -> codec.encode(DatagramCodec.PROTOCOL_CONTROL, body));
        return Arbitraries.oneOf(random, mutatedControl);
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
