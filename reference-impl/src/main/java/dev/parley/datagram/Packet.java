package dev.parley.datagram;

import java.util.HexFormat;

/**
 * A decoded datagram-layer packet: the protocol its payload belongs to and the payload itself.
 * Version, length and checksum are the codec's business and never reach the layers above.
 *
 * @param nextProtocol protocol number (spec/registries.md), 0..255
 * @param payload      the bytes after the 8-byte header
 */
public record Packet(int nextProtocol, byte[] payload) {

    public Packet {
        if (nextProtocol < 0 || nextProtocol > 255) {
            throw new IllegalArgumentException("next_protocol out of range 0..255: " + nextProtocol);
        }
    }

    @Override
    public String toString() {
        return "Packet[next_protocol=" + nextProtocol + ", len_payload=" + payload.length
                + ", payload=" + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16))
                + (payload.length > 16 ? "..." : "") + "]";
    }
}
