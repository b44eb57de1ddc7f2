package dev.parley.conformance.datagram;

import dev.parley.conformance.datagram.TesterCodec.Packet;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded source of garbage for the datagram layer: mostly random bytes of random length, and
 * some valid packets (echo requests and replies, unreachables, packets for unassigned protocols)
 * with one random mutation each, so that every receive check is hit from both sides. The same seed
 * yields the same datagrams.
 *
 * <p>It never writes a well-formed packet for protocol 2 (transport): whether a datagram node has a
 * transport handler depends on the implementation, and the oracle must know each datagram's fate.
 */
public final class DatagramFuzzer {

    private static final int MUTATIONS = 9;

    private final SplittableRandom random;
    private final int maxLength;
    private final int mutatedOneIn;
    private final int oversizeFrom;

    /**
     * @param random       where every choice comes from
     * @param maxLength    longest datagram, inclusive (at most 65507)
     * @param mutatedOneIn one datagram in this many is a mutated valid packet, the rest random bytes
     * @param maxPacket    the IUT's maximum packet size, so some valid packets are made just too large
     */
    public DatagramFuzzer(SplittableRandom random, int maxLength, int mutatedOneIn, int maxPacket) {
        if (maxLength < TesterCodec.HEADER_LENGTH || maxLength > 65_507) {
            throw new IllegalArgumentException("maxLength must be within [8, 65507], was " + maxLength);
        }
        if (mutatedOneIn < 1) {
            throw new IllegalArgumentException("mutatedOneIn must be at least 1, was " + mutatedOneIn);
        }
        this.random = random;
        this.maxLength = maxLength;
        this.mutatedOneIn = mutatedOneIn;
        this.oversizeFrom = Math.min(maxPacket + 1, maxLength);
    }

    /** The next datagram. */
    public byte[] next() {
        if (random.nextInt(mutatedOneIn) != 0) {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        }
        return mutate(validPacket());
    }

    private byte[] validPacket() {
        byte[] data = new byte[random.nextInt(101)];
        random.nextBytes(data);
        return switch (random.nextInt(4)) {
            case 0 -> TesterCodec.echoRequest(random.nextInt(65_536), random.nextInt(65_536), data);
            case 1 -> TesterCodec.packet(TesterCodec.PROTOCOL_CONTROL,
                    TesterCodec.echo(TesterCodec.ECHO_REPLY, 0, random.nextInt(65_536), random.nextInt(65_536), data));
            case 2 -> TesterCodec.packet(TesterCodec.PROTOCOL_CONTROL,
                    TesterCodec.rawControl(random.nextInt(256), random.nextInt(256), data));
            default -> TesterCodec.packet(unhandledProtocol(), data);
        };
    }

    /** A protocol number no datagram node handles: 0, 3..254 or 255. */
    private int unhandledProtocol() {
        int protocol = random.nextInt(254);
        return protocol == 0 ? 0 : protocol + 2;
    }

    private byte[] mutate(byte[] packet) {
        Packet p = TesterCodec.read(packet);
        switch (random.nextInt(MUTATIONS)) {
            case 0 -> {
                return packet;
            }
            case 1 -> {
                byte[] copy = packet.clone();
                int bit = random.nextInt(copy.length * 8);
                copy[bit >>> 3] ^= (byte) (1 << (bit & 7));
                return copy;
            }
            case 2 -> {
                return Arrays.copyOf(packet, random.nextInt(packet.length));
            }
            case 3 -> {
                byte[] longer = Arrays.copyOf(packet, Math.min(maxLength, packet.length + 1 + random.nextInt(20)));
                for (int i = packet.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            case 4 -> {
                int version = random.nextInt(255);
                return refreshed(new Packet(version >= 1 ? version + 1 : 0, p.nextProtocol(), p.lenPacket(), 0,
                        p.payload()));
            }
            case 5 -> {
                return refreshed(new Packet(p.version(), p.nextProtocol(), random.nextInt(65_536), 0, p.payload()));
            }
            case 6 -> {
                return refreshed(new Packet(p.version(), unhandledProtocol(), p.lenPacket(), 0, p.payload()));
            }
            case 7 -> {
                return TesterCodec.withChecksum(packet, p.checksum() ^ (1L << random.nextInt(32)));
            }
            default -> {
                int length = oversizeFrom + random.nextInt(maxLength - oversizeFrom + 1);
                byte[] payload = Arrays.copyOf(p.payload(), length - TesterCodec.HEADER_LENGTH);
                return refreshed(new Packet(p.version(), p.nextProtocol(), length, 0, payload));
            }
        }
    }

    /** Writes the fields and a checksum that matches them, so only the changed field is wrong. */
    private static byte[] refreshed(Packet fields) {
        byte[] bytes = TesterCodec.write(fields);
        return TesterCodec.withChecksum(bytes, TesterCodec.crc32c(bytes));
    }
}
