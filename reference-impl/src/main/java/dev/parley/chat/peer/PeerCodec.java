package dev.parley.chat.peer;

import dev.parley.chat.ChatCodec;
import dev.parley.chat.peer.PeerWire.Body;
import dev.parley.chat.peer.PeerWire.Header;
import dev.parley.chat.peer.PeerWire.KeyUpdate;
import dev.parley.chat.peer.PeerWire.Receipt;
import dev.parley.chat.peer.PeerWire.Text;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import io.kaitai.struct.KaitaiStruct;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes and decodes the peer messages and bodies of spec/messaging.md. The only class of this package that
 * touches the generated codecs of {@code ksy/chat/peer_*.ksy}: it sets the length fields, calls {@code _check()}
 * and {@code _write()}, and turns every malformed input into a {@link PeerException} with its canonical code,
 * in the check order of spec/messaging.md section 8.1 [PM-RCV-1].
 */
public final class PeerCodec {
    public static final int WRAPPED_KEY_LENGTH = 384;
    public static final int SIGNATURE_LENGTH = 384;
    public static final int TAG_LENGTH = 16;
    /** Default max_text: 1 MiB [PM-MSG-3]. */
    public static final int DEFAULT_MAX_TEXT = 1 << 20;
    private static final int HEADER_FIXED = 3 + 1 + 1 + PeerWire.MESSAGE_ID_LENGTH + 8 + 8;

    private PeerCodec() {
    }

    // ---------------------------------------------------------------- messages

    /**
     * Decodes one peer message in the check order of [PM-RCV-1] (the state check is the caller's).
     *
     * @param maxText the receiver's max_text; a longer sealed field is PM_MALFORMED [PM-MSG-3]
     */
    public static PeerWire.Message decode(byte[] m, int maxText) throws PeerException {
        if (m.length < 3) {
            throw new PeerException(PeerCode.MALFORMED, "peer message shorter than 3 octets");
        }
        int type = m[0] & 0xFF;
        if (type != PeerWire.PEER_OPEN && type != PeerWire.PEER_MESSAGE && type != PeerWire.PEER_ERROR) {
            throw new PeerException(PeerCode.UNKNOWN_TYPE, "msg_type " + type);
        }
        int version = m[1] & 0xFF;
        int suite = m[2] & 0xFF;
        if (version != PeerWire.VERSION) {
            throw new PeerException(PeerCode.BAD_VERSION, "version " + version);
        }
        if (type == PeerWire.PEER_ERROR) {
            dev.parley.wire.chat.PeerError w = read(new dev.parley.wire.chat.PeerError(stream(m)));
            exact(w._io(), "PeerError");
            return new PeerWire.Error(version, suite, w.code());
        }
        if (suite != PeerWire.SUITE) {
            throw new PeerException(PeerCode.BAD_SUITE, "suite " + suite);
        }
        if (type == PeerWire.PEER_OPEN) {
            dev.parley.wire.chat.PeerOpen w = read(new dev.parley.wire.chat.PeerOpen(stream(m)));
            Header h = header(w.header());
            if (w.lenWrappedKey() != WRAPPED_KEY_LENGTH) {
                throw new PeerException(PeerCode.MALFORMED, "len_wrapped_key " + w.lenWrappedKey());
            }
            if (w.lenSignature() != SIGNATURE_LENGTH) {
                throw new PeerException(PeerCode.MALFORMED, "len_signature " + w.lenSignature());
            }
            sealedBounds(w.sealed(), maxText);
            return new PeerWire.Open(h, Arrays.copyOf(m, headerLength(h)), w.wrappedKey(), w.signature(), w.sealed());
        }
        dev.parley.wire.chat.PeerMessage w = read(new dev.parley.wire.chat.PeerMessage(stream(m)));
        Header h = header(w.header());
        sealedBounds(w.sealed(), maxText);
        return new PeerWire.Sealed(h, Arrays.copyOf(m, headerLength(h)), w.sealed());
    }

    /** The header octets, the associated data of the message's seal [PM-KS-1]. */
    public static byte[] encodeHeader(Header h) {
        dev.parley.wire.chat.PeerHeader x = wireHeader(h);
        return write(x, headerLength(h));
    }

    public static byte[] encodeOpen(Header h, byte[] wrappedKey, byte[] signature, byte[] sealed) {
        if (h.msgType() != PeerWire.PEER_OPEN) {
            throw new IllegalArgumentException("a PeerOpen header has msg_type 0x20");
        }
        dev.parley.wire.chat.PeerOpen x = new dev.parley.wire.chat.PeerOpen();
        x.setHeader(wireHeader(h));
        x.setLenWrappedKey(wrappedKey.length);
        x.setWrappedKey(wrappedKey);
        x.setLenSignature(signature.length);
        x.setSignature(signature);
        x.setSealed(sealed);
        x._check();
        return write(x, headerLength(h) + 2 + wrappedKey.length + 2 + signature.length + sealed.length);
    }

    public static byte[] encodeMessage(Header h, byte[] sealed) {
        if (h.msgType() != PeerWire.PEER_MESSAGE) {
            throw new IllegalArgumentException("a PeerMessage header has msg_type 0x21");
        }
        dev.parley.wire.chat.PeerMessage x = new dev.parley.wire.chat.PeerMessage();
        x.setHeader(wireHeader(h));
        x.setSealed(sealed);
        x._check();
        return write(x, headerLength(h) + sealed.length);
    }

    public static byte[] encodeError(PeerCode code) {
        if (code.value() < 0) {
            throw new IllegalArgumentException(code.code() + " is local, never sent");
        }
        dev.parley.wire.chat.PeerError x = new dev.parley.wire.chat.PeerError();
        x.setMsgType(PeerWire.PEER_ERROR);
        x.setVersion(PeerWire.VERSION);
        x.setSuite(PeerWire.SUITE);
        x.setCode(code.value());
        x._check();
        return write(x, 5);
    }

    // ---------------------------------------------------------------- bodies

    public static byte[] encodeBody(Body body) {
        byte[] fields;
        if (body instanceof Text t) {
            fields = t.text().getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof Receipt r) {
            fields = r.ackedId();
        } else {
            fields = new byte[0];
        }
        dev.parley.wire.chat.PeerBody x = new dev.parley.wire.chat.PeerBody();
        x.setBodyType(body.bodyType());
        x.setFields(fields);
        x._check();
        return write(x, 1 + fields.length);
    }

    /** Decodes a body; an unknown type, a wrong length or bad UTF-8 is PM_MALFORMED [PM-BODY-1] [PM-MSG-3]. */
    public static Body decodeBody(byte[] p, int maxText) throws PeerException {
        if (p.length < 1) {
            throw new PeerException(PeerCode.MALFORMED, "empty body");
        }
        dev.parley.wire.chat.PeerBody x = read(new dev.parley.wire.chat.PeerBody(stream(p)));
        byte[] f = x.fields();
        switch (x.bodyType()) {
            case 1 -> {
                if (f.length > maxText) {
                    throw new PeerException(PeerCode.MALFORMED, "text of " + f.length + " octets exceeds max_text");
                }
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(f));
                    return new Text(chars.toString());
                } catch (CharacterCodingException e) {
                    throw new PeerException(PeerCode.MALFORMED, "text is not UTF-8");
                }
            }
            case 2 -> {
                if (f.length != PeerWire.MESSAGE_ID_LENGTH) {
                    throw new PeerException(PeerCode.MALFORMED, "receipt of " + f.length + " octets");
                }
                return new Receipt(f);
            }
            case 3 -> {
                if (f.length != 0) {
                    throw new PeerException(PeerCode.MALFORMED, "key_update has no fields");
                }
                return new KeyUpdate();
            }
            default -> throw new PeerException(PeerCode.MALFORMED, "body_type " + x.bodyType());
        }
    }

    // ---------------------------------------------------------------- helpers

    static int headerLength(Header h) {
        return HEADER_FIXED + ascii(h.sender()).length + ascii(h.recipient()).length;
    }

    private static Header header(dev.parley.wire.chat.PeerHeader w) throws PeerException {
        if (w.seq() < 0) {
            throw new PeerException(PeerCode.MALFORMED, "seq at or above 2^63"); // [PM-SEQ-1]
        }
        return new Header(w.msgType(), w.version(), w.suite(), name(w.sender(), "sender"),
                name(w.recipient(), "recipient"), w.messageId(), w.timestampMs(), w.seq());
    }

    private static String name(byte[] b, String field) throws PeerException {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (!ChatCodec.validUsername(s)) {
            throw new PeerException(PeerCode.MALFORMED, "bad " + field + " name");
        }
        return s;
    }

    private static void sealedBounds(byte[] sealed, int maxText) throws PeerException {
        if (sealed.length < TAG_LENGTH || sealed.length > maxText + 1 + TAG_LENGTH) {
            throw new PeerException(PeerCode.MALFORMED, "sealed field of " + sealed.length + " octets");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static dev.parley.wire.chat.PeerHeader wireHeader(Header h) {
        if (!ChatCodec.validUsername(h.sender()) || !ChatCodec.validUsername(h.recipient())) {
            throw new IllegalArgumentException("sender and recipient must be valid usernames");
        }
        if (h.messageId().length != PeerWire.MESSAGE_ID_LENGTH) {
            throw new IllegalArgumentException("message_id must be 16 octets");
        }
        dev.parley.wire.chat.PeerHeader x = new dev.parley.wire.chat.PeerHeader();
        x.setMsgType(h.msgType());
        x.setVersion(h.version());
        x.setSuite(h.suite());
        byte[] s = ascii(h.sender());
        byte[] r = ascii(h.recipient());
        x.setLenSender(s.length);
        x.setSender(s);
        x.setLenRecipient(r.length);
        x.setRecipient(r);
        x.setMessageId(h.messageId());
        x.setTimestampMs(h.timestampMs());
        x.setSeq(h.seq());
        x._check();
        return x;
    }

    private static KaitaiStream stream(byte[] b) {
        return new ByteBufferKaitaiStream(ByteBuffer.wrap(b));
    }

    private static <T extends KaitaiStruct.ReadWrite> T read(T struct) throws PeerException {
        try {
            struct._read();
            return struct;
        } catch (RuntimeException e) { // the generated reader signals truncation with runtime exceptions
            throw new PeerException(PeerCode.MALFORMED, "truncated or malformed: " + e.getClass().getSimpleName());
        }
    }

    private static void exact(KaitaiStream io, String what) throws PeerException {
        if (!io.isEof()) {
            throw new PeerException(PeerCode.MALFORMED, what + " has " + (io.size() - io.pos()) + " trailing octets");
        }
    }

    private static byte[] write(KaitaiStruct.ReadWrite struct, int length) {
        byte[] out = new byte[length];
        struct._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }
}
