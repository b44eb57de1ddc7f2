package dev.parley.datagram;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Fuzz targets for the datagram decoders [DG-DROP-1]: whatever the bytes, a decoder yields the drop code of the first
 * failing check or a value that encodes back to the same bytes, and never throws ({@link DatagramRules}).
 *
 * <p>{@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/parley/datagram/DatagramCodecFuzzTestInputs/<method>/} (regression mode); with
 * {@code JAZZER_FUZZ=1} one target at a time is fuzzed (README.md, "Fuzzing").
 */
class DatagramCodecFuzzTest {

    private static final IntPredicate REGISTERED = p -> p == 1 || p == 2;
    private static final DatagramCodec CODEC = DatagramCodec.withRegisteredProtocols(1200);

    /** [DG-RECV-1] Procedure {@code ReceiveDatagram}'s six checks, on raw datagrams. */
    @FuzzTest(maxDuration = "2m")
    void decodePacket(byte[] datagram) {
        Packet packet = DatagramRules.checkPacket(CODEC, datagram, REGISTERED);
        if (packet != null && packet.nextProtocol() == DatagramCodec.PROTOCOL_CONTROL) {
            DatagramRules.checkControl(CODEC, packet.payload());
        }
    }

    /**
     * [DG-CTL-11] Procedure {@code HandleControl}'s checks, on control payloads; and the header of a quoted packet
     * [DG-CTL-13], on the quote an unreachable carries.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeControl(byte[] payload) {
        DatagramRules.checkControl(CODEC, payload);
        if (payload.length > 6) {
            DatagramRules.checkQuoted(CODEC, Arrays.copyOfRange(payload, 6, Math.min(payload.length, 70)));
        }
    }
}
