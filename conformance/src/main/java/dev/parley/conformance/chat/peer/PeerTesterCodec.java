package dev.parley.conformance.chat.peer;

import dev.parley.wire.chat.PeerHeader;
import dev.parley.wire.chat.PeerMessage;
import dev.parley.wire.chat.PeerOpen;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The suite's codec for peer messages (spec/messaging.md section 4; ksy/chat/peer_*.ksy): reads with the generated
 * {@code dev.parley.wire.chat} classes, writes every field as asked (so a scenario can also write a wrong version,
 * suite, length or name). Nothing here uses an IUT's classes.
 */
public final class PeerTesterCodec {

    public static final int PEER_OPEN = 0x20;
    public static final int PEER_MESSAGE = 0x21;
    public static final int PEER_ERROR = 0x7F;

    public static final int TEXT = 1;
    public static final int RECEIPT = 2;
    public static final int KEY_UPDATE = 3;

    private PeerTesterCodec() {
    }

    /** A header as read, with the octets it was read from (the AEAD associated data) [PM-KS-1]. */
    public record Header(int msgType, int version, int suite, String sender, String recipient, byte[] messageId,
            long timestampMs, long seq, byte[] raw) {
    }

    public record Open(Header header, byte[] wrappedKey, byte[] signature, byte[] sealed) {
    }

    public record Message(Header header, byte[] sealed) {
    }

    /** A body as read: {@code text} for a text body, {@code ackedId} for a receipt. */
    public record Body(int bodyType, String text, byte[] ackedId) {
    }

    public static byte[] header(int msgType, int version, int suite, String sender, String recipient, byte[] messageId,
            long timestampMs, long seq) {
        byte[] s = sender.getBytes(StandardCharsets.US_ASCII);
        byte[] r = recipient.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(3 + 1 + s.length + 1 + r.length + 16 + 16)
                .put((byte) msgType).put((byte) version).put((byte) suite)
                .put((byte) s.length).put(s).put((byte) r.length).put(r)
                .put(messageId).putLong(timestampMs).putLong(seq).array();
    }

    public static byte[] open(byte[] header, byte[] wrappedKey, byte[] signature, byte[] sealed) {
        return ByteBuffer.allocate(header.length + 2 + wrappedKey.length + 2 + signature.length + sealed.length)
                .put(header).putShort((short) wrappedKey.length).put(wrappedKey)
                .putShort((short) signature.length).put(signature).put(sealed).array();
    }

    public static byte[] message(byte[] header, byte[] sealed) {
        return ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
    }

    public static byte[] textBody(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + t.length).put((byte) TEXT).put(t).array();
    }

    public static byte[] receiptBody(byte[] ackedId) {
        return ByteBuffer.allocate(17).put((byte) RECEIPT).put(ackedId).array();
    }

    private static Header header(PeerHeader h, byte[] message) {
        int length = 3 + 1 + h.sender().length + 1 + h.recipient().length + 16 + 8 + 8;
        byte[] raw = java.util.Arrays.copyOf(message, length);
        return new Header(h.msgType(), h.version(), h.suite(), new String(h.sender(), StandardCharsets.US_ASCII),
                new String(h.recipient(), StandardCharsets.US_ASCII), h.messageId(), h.timestampMs(), h.seq(), raw);
    }

    /** Reads a PeerOpen; throws when it is shorter than its fields say. */
    public static Open readOpen(byte[] message) {
        PeerOpen o = new PeerOpen(new ByteBufferKaitaiStream(message));
        o._read();
        return new Open(header(o.header(), message), o.wrappedKey(), o.signature(), o.sealed());
    }

    /** Reads a PeerMessage; throws when it is shorter than its header. */
    public static Message readMessage(byte[] message) {
        PeerMessage m = new PeerMessage(new ByteBufferKaitaiStream(message));
        m._read();
        return new Message(header(m.header(), message), m.sealed());
    }

    /** The code of a PeerError, or -1 when the message is not one of 5 octets. */
    public static int errorCode(byte[] message) {
        if (message.length != 5 || (message[0] & 0xff) != PEER_ERROR) {
            return -1;
        }
        return ((message[3] & 0xff) << 8) | (message[4] & 0xff);
    }

    /** A body, or null when it is malformed [PM-BODY-1]: unknown type, wrong field length, text not UTF-8. */
    public static Body readBody(byte[] body, int maxText) {
        if (body.length < 1) {
            return null;
        }
        int type = body[0] & 0xff;
        switch (type) {
            case TEXT -> {
                if (body.length - 1 > maxText) {
                    return null;
                }
                try {
                    String text = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body, 1, body.length - 1)).toString();
                    return new Body(TEXT, text, null);
                } catch (java.nio.charset.CharacterCodingException e) {
                    return null;
                }
            }
            case RECEIPT -> {
                return body.length == 17 ? new Body(RECEIPT, null, java.util.Arrays.copyOfRange(body, 1, 17)) : null;
            }
            case KEY_UPDATE -> {
                return body.length == 1 ? new Body(KEY_UPDATE, null, null) : null;
            }
            default -> {
                return null;
            }
        }
    }
}
