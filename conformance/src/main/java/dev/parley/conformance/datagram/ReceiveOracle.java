package dev.parley.conformance.datagram;

import java.util.Optional;
import java.util.Set;

/**
 * The suite's own reading of the datagram layer's receive checks (spec/datagram.md, "Receive
 * checks"): for any datagram, which check fails first [DG-RECV-1], or which protocol it is
 * delivered to. The fuzz scenario uses it to know exactly what the IUT's drop counters must say.
 *
 * @param maxPacket         the IUT's configured maximum packet size [DG-MTU-2]
 * @param handledProtocols  the protocol numbers the IUT has a handler for
 */
public record ReceiveOracle(int maxPacket, Set<Integer> handledProtocols) {

    /** What a receiver does with one datagram: a drop code, or delivery to {@code protocol}. */
    public record Fate(Optional<DropCode> drop, int protocol) {
        static Fate dropped(DropCode code) {
            return new Fate(Optional.of(code), -1);
        }

        static Fate delivered(int protocol) {
            return new Fate(Optional.empty(), protocol);
        }
    }

    public Fate classify(byte[] datagram) {
        if (datagram.length > maxPacket) {
            return Fate.dropped(DropCode.DG_TOO_LARGE);
        }
        if (datagram.length < TesterCodec.HEADER_LENGTH) {
            return Fate.dropped(DropCode.DG_TRUNCATED);
        }
        TesterCodec.Packet packet = TesterCodec.read(datagram);
        if (packet.version() != TesterCodec.VERSION) {
            return Fate.dropped(DropCode.DG_BAD_VERSION);
        }
        if (packet.lenPacket() != datagram.length) {
            return Fate.dropped(DropCode.DG_BAD_LENGTH);
        }
        if (packet.checksum() != TesterCodec.crc32c(datagram)) {
            return Fate.dropped(DropCode.DG_BAD_CHECKSUM);
        }
        if (!handledProtocols.contains(packet.nextProtocol())) {
            return Fate.dropped(DropCode.DG_UNKNOWN_PROTOCOL);
        }
        return Fate.delivered(packet.nextProtocol());
    }
}
