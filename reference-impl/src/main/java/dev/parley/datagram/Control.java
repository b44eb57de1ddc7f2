package dev.parley.datagram;

import java.util.HexFormat;

/**
 * A decoded control message (spec/datagram.md, "Control protocol"): echo request, echo reply or
 * unreachable. Immutable; built and parsed only by {@link DatagramCodec}.
 */
public sealed interface Control {

    int TYPE_ECHO_REPLY = 0;
    int TYPE_UNREACHABLE = 3;
    int TYPE_ECHO_REQUEST = 8;

    int CODE_PROTOCOL_UNREACHABLE = 0;
    int CODE_PORT_UNREACHABLE = 1;

    /** Largest number of leading bytes of an undeliverable packet an unreachable quotes [DG-CTL-5]. */
    int MAX_INVOKING_BYTES = 64;

    /**
     * Echo request ({@code reply == false}) or echo reply.
     *
     * @param identifier     chosen by the requester
     * @param sequenceNumber chosen by the requester
     * @param data           returned unchanged [DG-CTL-3]
     */
    record Echo(boolean reply, int identifier, int sequenceNumber, byte[] data) implements Control {
        public Echo {
            checkU16("identifier", identifier);
            checkU16("sequence_number", sequenceNumber);
        }

        /** The reply to this request: same identifier, sequence number and data [DG-CTL-3]. */
        public Echo toReply() {
            return new Echo(true, identifier, sequenceNumber, data);
        }

        @Override
        public String toString() {
            return (reply ? "EchoReply" : "EchoRequest") + "[identifier=" + identifier
                    + ", sequence_number=" + sequenceNumber + ", len_data=" + data.length + "]";
        }
    }

    /**
     * Unreachable: nobody listens on the protocol ({@code code} 0) or port ({@code code} 1).
     *
     * @param code           0 protocol unreachable, 1 port unreachable
     * @param port           the port nobody listens on (code 1), else 0
     * @param invokingPacket leading bytes of the undeliverable packet, at most 64 [DG-CTL-5]
     */
    record Unreachable(int code, int port, byte[] invokingPacket) implements Control {
        public Unreachable {
            if (code != CODE_PROTOCOL_UNREACHABLE && code != CODE_PORT_UNREACHABLE) {
                throw new IllegalArgumentException("unreachable code must be 0 or 1: " + code);
            }
            checkU16("port", port);
            if (invokingPacket.length > MAX_INVOKING_BYTES) {
                throw new IllegalArgumentException("invoking_packet longer than " + MAX_INVOKING_BYTES);
            }
        }

        @Override
        public String toString() {
            return "Unreachable[code=" + code + ", port=" + port + ", invoking_packet="
                    + HexFormat.of().formatHex(invokingPacket) + "]";
        }
    }

    private static void checkU16(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " out of range 0..65535: " + value);
        }
    }
}
