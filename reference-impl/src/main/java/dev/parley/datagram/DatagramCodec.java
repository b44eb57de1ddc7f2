package dev.parley.datagram;

import dev.parley.wire.datagram.ControlMessage;
import dev.parley.wire.datagram.DatagramPacket;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes datagram-layer packets and control messages (spec/datagram.md). The only class
 * that touches the generated codecs of {@code ksy/datagram/}: it sets lengths and the checksum, calls
 * {@code _check()} and {@code _write()}, and turns every malformed input into a {@link DropReason}
 * instead of an exception [DG-DROP-1].
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DatagramCodec {

    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int PROTOCOL_CONTROL = 1;
    public static final int PROTOCOL_TRANSPORT = 2;
    /** Default maximum packet size, header included [DG-MTU-1]. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1200;
    public static final int MIN_MAX_PACKET_SIZE = 64;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_MAX_PACKET_SIZE = 65_507;

    private static final int CHECKSUM_OFFSET = 4;
    private static final byte[] ZERO_CHECKSUM = new byte[4];

    private final int maxPacketSize;
    private final IntPredicate protocolKnown;

    /**
     * @param maxPacketSize largest packet sent or accepted, header included, in
     *                      {@value #MIN_MAX_PACKET_SIZE}..{@value #MAX_MAX_PACKET_SIZE}
     * @param protocolKnown which {@code next_protocol} values the receiver has a handler for; a packet
     *                      for any other is dropped as {@link DropReason#DG_UNKNOWN_PROTOCOL}
     */
    public DatagramCodec(int maxPacketSize, IntPredicate protocolKnown) {
        if (maxPacketSize < MIN_MAX_PACKET_SIZE || maxPacketSize > MAX_MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("max packet size must be in " + MIN_MAX_PACKET_SIZE + ".."
                    + MAX_MAX_PACKET_SIZE + ", got " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
        this.protocolKnown = protocolKnown;
    }

    /** A codec that knows the registered protocols (control and transport). */
    public static DatagramCodec withRegisteredProtocols(int maxPacketSize) {
        return new DatagramCodec(maxPacketSize, p -> p == PROTOCOL_CONTROL || p == PROTOCOL_TRANSPORT);
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** Largest payload a packet can carry under this codec's maximum packet size. */
    public int maxPayloadSize() {
        return maxPacketSize - HEADER_LENGTH;
    }

    /**
     * Procedure {@code ReceiveDatagram} [DG-RECV-1]: checks size, version, length and checksum in the
     * specified order and yields the packet or the first failing check.
     */
    public Decoded<Packet> decode(byte[] datagram, int offset, int length) {
        if (length > maxPacketSize) {
            return Decoded.dropped(DropReason.DG_TOO_LARGE);
        }
        if (length < HEADER_LENGTH) {
            return Decoded.dropped(DropReason.DG_TRUNCATED);
        }
        DatagramPacket packet = new DatagramPacket(
                new ByteBufferKaitaiStream(ByteBuffer.wrap(datagram, offset, length).slice()));
        packet._read();
        if (packet.version() != VERSION) {
            return Decoded.dropped(DropReason.DG_BAD_VERSION);
        }
        if (packet.lenPacket() != length) {
            return Decoded.dropped(DropReason.DG_BAD_LENGTH);
        }
        if (packet.checksum() != checksum(datagram, offset, length)) {
            return Decoded.dropped(DropReason.DG_BAD_CHECKSUM);
        }
        if (!protocolKnown.test(packet.nextProtocol())) {
            return Decoded.dropped(DropReason.DG_UNKNOWN_PROTOCOL);
        }
        return Decoded.ok(new Packet(packet.nextProtocol(), packet.payload()));
    }

    public Decoded<Packet> decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Procedure {@code SendPacket}: the bytes of one packet, with {@code len_packet} and the CRC-32C
     * set [DG-LEN-1] [DG-CSUM-1].
     *
     * @throws IllegalArgumentException if the packet would exceed the maximum packet size [DG-MTU-2]
     */
    public byte[] encode(int nextProtocol, byte[] payload) {
        return encodeRaw(VERSION, nextProtocol, payload);
    }

    private byte[] encodeRaw(int version, int nextProtocol, byte[] payload) {
        int length = HEADER_LENGTH + payload.length;
        if (length > maxPacketSize) {
            throw new IllegalArgumentException("packet of " + length + " bytes exceeds the maximum packet size "
                    + maxPacketSize);
        }
        DatagramPacket packet = new DatagramPacket();
        packet.setVersion(version);
        packet.setNextProtocol(nextProtocol);
        packet.setLenPacket(length);
        packet.setChecksum(0);
        packet.setPayload(payload);
        packet._check();
        byte[] out = new byte[length];
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(ByteBuffer.wrap(out));
        packet._write(io);
        long crc = checksum(out, 0, length);
        packet.setChecksum(crc);
        packet._check();
        io.seek(CHECKSUM_OFFSET);
        io.writeU4be(crc);
        return out;
    }

    /**
     * CRC-32C over a packet with its checksum field taken as zero [DG-CSUM-1].
     *
     * @param length at least {@value #HEADER_LENGTH}
     */
    static long checksum(byte[] packet, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(packet, offset, CHECKSUM_OFFSET);
        crc.update(ZERO_CHECKSUM, 0, ZERO_CHECKSUM.length);
        crc.update(packet, offset + HEADER_LENGTH, length - HEADER_LENGTH);
        return crc.getValue();
    }

    /**
     * Reads the header of a packet quoted by an unreachable: the quote is truncated, so neither length
     * nor checksum can be checked; only version and protocol are.
     *
     * @return the quoted packet's protocol and the payload bytes the quote holds, or null if the quote
     *     is shorter than a header or of another version
     */
    public Packet decodeQuoted(byte[] invokingPacket) {
        if (invokingPacket.length < HEADER_LENGTH) {
            return null;
        }
        DatagramPacket packet = new DatagramPacket(new ByteBufferKaitaiStream(invokingPacket));
        packet._read();
        if (packet.version() != VERSION) {
            return null;
        }
        return new Packet(packet.nextProtocol(), packet.payload());
    }

    /** Decodes the payload of a control packet [DG-CTL-1]. */
    public Decoded<Control> decodeControl(byte[] payload) {
        if (payload.length < 2) {
            return Decoded.dropped(DropReason.CTL_TRUNCATED);
        }
        ControlMessage message = new ControlMessage(new ByteBufferKaitaiStream(payload));
        try {
            message._read();
        } catch (RuntimeException bodyTooShort) {
            // The generated parser reads fixed-size body fields; a body shorter than them ends the stream.
            return Decoded.dropped(DropReason.CTL_TRUNCATED);
        }
        ControlMessage.MessageType type = message.messageTypeEnum();
        if (type == null) {
            return Decoded.dropped(DropReason.CTL_UNKNOWN_TYPE);
        }
        switch (type) {
            case ECHO_REQUEST, ECHO_REPLY -> {
                if (message.code() != 0) {
                    return Decoded.dropped(DropReason.CTL_BAD_CODE);
                }
                ControlMessage.Echo echo = (ControlMessage.Echo) message.body();
                return Decoded.ok(new Control.Echo(type == ControlMessage.MessageType.ECHO_REPLY,
                        echo.identifier(), echo.sequenceNumber(), echo.data()));
            }
            case UNREACHABLE -> {
                if (ControlMessage.UnreachableCode.byId(message.code()) == null) {
                    return Decoded.dropped(DropReason.CTL_BAD_CODE);
                }
                ControlMessage.Unreachable body = (ControlMessage.Unreachable) message.body();
                byte[] invoking = body.invokingPacket();
                if (invoking.length > Control.MAX_INVOKING_BYTES) {
                    // Accept the message; only the quoted prefix the spec allows is kept [DG-CTL-5].
                    invoking = Arrays.copyOf(invoking, Control.MAX_INVOKING_BYTES);
                }
                return Decoded.ok(new Control.Unreachable(message.code(), body.port(), invoking));
            }
            default -> throw new IllegalStateException("registry value without a decoder: " + type);
        }
    }

    /** Encodes a control message as the payload of a control packet. */
    public byte[] encodeControl(Control control) {
        ControlMessage message = new ControlMessage();
        byte[] out;
        if (control instanceof Control.Echo echo) {
            message.setMessageType(echo.reply() ? Control.TYPE_ECHO_REPLY : Control.TYPE_ECHO_REQUEST);
            message.setCode(0);
            ControlMessage.Echo body = new ControlMessage.Echo(null, message, message);
            body.setIdentifier(echo.identifier());
            body.setSequenceNumber(echo.sequenceNumber());
            body.setData(echo.data());
            body._check();
            message.setBody(body);
            out = new byte[2 + 4 + echo.data().length];
        } else {
            Control.Unreachable unreachable = (Control.Unreachable) control;
            message.setMessageType(Control.TYPE_UNREACHABLE);
            message.setCode(unreachable.code());
            ControlMessage.Unreachable body = new ControlMessage.Unreachable(null, message, message);
            body.setReserved(0); // [DG-CTL-6]
            body.setPort(unreachable.port());
            body.setInvokingPacket(unreachable.invokingPacket());
            body._check();
            message.setBody(body);
            out = new byte[2 + 4 + unreachable.invokingPacket().length];
        }
        message._check();
        message._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }

    /** A whole control packet: the control payload inside a datagram-layer packet. */
    public byte[] encodeControlPacket(Control control) {
        return encode(PROTOCOL_CONTROL, encodeControl(control));
    }
}
