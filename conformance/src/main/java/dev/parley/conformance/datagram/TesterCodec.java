package dev.parley.conformance.datagram;

import dev.parley.wire.datagram.ControlMessage;
import dev.parley.wire.datagram.DatagramPacket;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The tester's codec for the datagram layer (spec/datagram.md): the only class of the suite that
 * touches the generated {@link DatagramPacket} and {@link ControlMessage}. It writes fields exactly
 * as asked, so the suite can also write what a correct sender never would; lengths and checksums
 * are computed only by the methods that say so.
 */
public final class TesterCodec {

    public static final int HEADER_LENGTH = 8;
    public static final int VERSION = 1;
    public static final int PROTOCOL_CONTROL = 1;
    public static final int PROTOCOL_TRANSPORT = 2;
    public static final int ECHO_REPLY = 0;
    public static final int UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int CODE_PROTOCOL_UNREACHABLE = 0;
    public static final int CODE_PORT_UNREACHABLE = 1;
    /** Most leading bytes of an undeliverable packet an unreachable quotes [DG-CTL-5]. */
    public static final int MAX_QUOTED_BYTES = 64;
    /** Bytes of an unreachable packet besides the quote: header, type and code, reserved and port. */
    public static final int UNREACHABLE_OVERHEAD = HEADER_LENGTH + 2 + 4;
    /** Offset of the {@code checksum} field in the header. */
    public static final int CHECKSUM_OFFSET = 4;

    private static final HexFormat HEX = HexFormat.of();

    private TesterCodec() {
    }

    /** A packet's fields as they are on the wire, unchecked. */
    public record Packet(int version, int nextProtocol, int lenPacket, long checksum, byte[] payload) {
        @Override
        public String toString() {
            return "Packet[version=" + version + ", next_protocol=" + nextProtocol + ", len_packet=" + lenPacket
                    + ", checksum=0x" + Long.toHexString(checksum) + ", payload=" + hex(payload) + "]";
        }
    }

    /** A decoded control message (spec/datagram.md, "Control protocol"). */
    public sealed interface Control permits Echo, Unreachable, OtherControl {
        int messageType();

        int code();
    }

    /** Echo request (type 8) or echo reply (type 0). */
    public record Echo(int messageType, int code, int identifier, int sequenceNumber, byte[] data) implements Control {
        @Override
        public String toString() {
            return (messageType == ECHO_REQUEST ? "EchoRequest" : "EchoReply") + "[code=" + code + ", identifier="
                    + identifier + ", sequence_number=" + sequenceNumber + ", data=" + hex(data) + "]";
        }
    }

    /** Unreachable (type 3). */
    public record Unreachable(int code, int reserved, int port, byte[] invokingPacket) implements Control {
        @Override
        public int messageType() {
            return UNREACHABLE;
        }

        @Override
        public String toString() {
            return "Unreachable[code=" + code + ", reserved=" + reserved + ", port=" + port + ", invoking_packet="
                    + hex(invokingPacket) + "]";
        }
    }

    /** A control message of a type the registry does not define; its body stays raw. */
    public record OtherControl(int messageType, int code, byte[] body) implements Control {
        @Override
        public String toString() {
            return "Control[message_type=" + messageType + ", code=" + code + ", body=" + hex(body) + "]";
        }
    }

    /** Writes the fields exactly as given: no length or checksum is computed. */
    public static byte[] write(Packet fields) {
        DatagramPacket packet = new DatagramPacket();
        packet.setVersion(fields.version());
        packet.setNextProtocol(fields.nextProtocol());
        packet.setLenPacket(fields.lenPacket());
        packet.setChecksum(fields.checksum());
        packet.setPayload(fields.payload());
        packet._check();
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(HEADER_LENGTH + fields.payload().length);
        packet._write(io);
        return io.toByteArray();
    }

    /** A well-formed packet: version 1, the right {@code len_packet} and CRC-32C [DG-LEN-1] [DG-CSUM-1]. */
    public static byte[] packet(int nextProtocol, byte[] payload) {
        byte[] bytes = write(new Packet(VERSION, nextProtocol, HEADER_LENGTH + payload.length, 0, payload));
        return withChecksum(bytes, crc32c(bytes));
    }

    /** A well-formed echo request packet [DG-CTL-3]. */
    public static byte[] echoRequest(int identifier, int sequenceNumber, byte[] data) {
        return packet(PROTOCOL_CONTROL, echo(ECHO_REQUEST, 0, identifier, sequenceNumber, data));
    }

    /** The payload of an echo request (type 8) or reply (type 0). */
    public static byte[] echo(int messageType, int code, int identifier, int sequenceNumber, byte[] data) {
        if (messageType != ECHO_REQUEST && messageType != ECHO_REPLY) {
            throw new IllegalArgumentException("not an echo type: " + messageType);
        }
        ControlMessage message = new ControlMessage();
        message.setMessageType(messageType);
        message.setCode(code);
        ControlMessage.Echo body = new ControlMessage.Echo(null, message, message);
        body.setIdentifier(identifier);
        body.setSequenceNumber(sequenceNumber);
        body.setData(data);
        body._check();
        message.setBody(body);
        message._check();
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(2 + 4 + data.length);
        message._write(io);
        return io.toByteArray();
    }

    /**
     * A control payload written byte by byte, bypassing the control codec: type, code, then
     * {@code body} as is, so the suite can send bodies too short for their type.
     */
    public static byte[] rawControl(int messageType, int code, byte[] body) {
        byte[] payload = new byte[2 + body.length];
        payload[0] = (byte) messageType;
        payload[1] = (byte) code;
        System.arraycopy(body, 0, payload, 2, body.length);
        return payload;
    }

    /**
     * CRC-32C over the whole packet with the checksum field taken as zero [DG-CSUM-1].
     *
     * @throws IllegalArgumentException if {@code packet} is shorter than the header
     */
    public static long crc32c(byte[] packet) {
        if (packet.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("a packet has at least " + HEADER_LENGTH + " bytes, got " + packet.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(packet, 0, CHECKSUM_OFFSET);
        crc.update(new byte[4], 0, 4);
        crc.update(packet, HEADER_LENGTH, packet.length - HEADER_LENGTH);
        return crc.getValue();
    }

    /** A copy of {@code packet} with its checksum field set to {@code checksum}. */
    public static byte[] withChecksum(byte[] packet, long checksum) {
        byte[] copy = packet.clone();
        for (int i = 0; i < 4; i++) {
            copy[CHECKSUM_OFFSET + i] = (byte) (checksum >>> (24 - 8 * i));
        }
        return copy;
    }

    /**
     * Splits a datagram into the header fields and the payload, without checking them.
     *
     * @throws IllegalArgumentException if it is shorter than the header
     */
    public static Packet read(byte[] datagram) {
        if (datagram.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("datagram of " + datagram.length + " bytes is shorter than the "
                    + HEADER_LENGTH + "-byte header");
        }
        DatagramPacket packet = new DatagramPacket(new ByteBufferKaitaiStream(datagram));
        packet._read();
        return new Packet(packet.version(), packet.nextProtocol(), packet.lenPacket(), packet.checksum(),
                packet.payload());
    }

    /**
     * Reads a packet a conforming sender sent: it must pass every receive check
     * [DG-VER-1] [DG-LEN-1] [DG-CSUM-1].
     *
     * @throws IllegalArgumentException naming the first check it fails
     */
    public static Packet readWellFormed(byte[] datagram) {
        Packet packet = read(datagram);
        if (packet.version() != VERSION) {
            throw new IllegalArgumentException("version is " + packet.version() + ", not " + VERSION + " [DG-VER-1]");
        }
        if (packet.lenPacket() != datagram.length) {
            throw new IllegalArgumentException("len_packet is " + packet.lenPacket() + " but the datagram has "
                    + datagram.length + " bytes [DG-LEN-1]");
        }
        long expected = crc32c(datagram);
        if (packet.checksum() != expected) {
            throw new IllegalArgumentException("checksum is 0x" + Long.toHexString(packet.checksum())
                    + ", CRC-32C is 0x" + Long.toHexString(expected) + " [DG-CSUM-1]");
        }
        return packet;
    }

    /**
     * Decodes the payload of a control packet [DG-CTL-1].
     *
     * @throws IllegalArgumentException if it is shorter than its type needs
     */
    public static Control readControl(byte[] payload) {
        ControlMessage message;
        try {
            message = new ControlMessage(new ByteBufferKaitaiStream(payload));
            message._read();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("control message too short for its type: " + hex(payload), e);
        }
        Object body = message.body();
        if (body instanceof ControlMessage.Echo echo) {
            return new Echo(message.messageType(), message.code(), echo.identifier(), echo.sequenceNumber(),
                    echo.data());
        }
        if (body instanceof ControlMessage.Unreachable unreachable) {
            return new Unreachable(message.code(), unreachable.reserved(), unreachable.port(),
                    unreachable.invokingPacket());
        }
        return new OtherControl(message.messageType(), message.code(), (byte[]) body);
    }

    /** Lower-case hex of all of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Lower-case hex of at most {@code limit} leading bytes, with a note of how many were left out. */
    public static String hex(byte[] bytes, int limit) {
        if (bytes.length <= limit) {
            return hex(bytes);
        }
        return HEX.formatHex(Arrays.copyOf(bytes, limit)) + "... (+" + (bytes.length - limit) + " bytes)";
    }

    /** Bytes from hex, spaces allowed. */
    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }
}
