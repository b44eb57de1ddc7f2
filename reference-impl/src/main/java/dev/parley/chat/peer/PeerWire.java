package dev.parley.chat.peer;

import java.util.Arrays;
import java.util.HexFormat;

/** The peer messages and bodies of spec/messaging.md as small immutable records; {@link PeerCodec} encodes them. */
public final class PeerWire {
    public static final int PEER_OPEN = 0x20;
    public static final int PEER_MESSAGE = 0x21;
    public static final int PEER_ERROR = 0x7F;
    public static final int VERSION = 1;
    public static final int SUITE = 1;
    public static final int MESSAGE_ID_LENGTH = 16;

    private PeerWire() {
    }

    /** The PeerHeader: the associated data of every seal [PM-KS-1]. */
    public record Header(int msgType, int version, int suite, String sender, String recipient, byte[] messageId,
            long timestampMs, long seq) {
        public Header {
            messageId = messageId.clone();
        }

        @Override
        public byte[] messageId() {
            return messageId.clone();
        }

        @Override
        public String toString() {
            return "peer_header{msg_type=" + msgType + " version=" + version + " suite=" + suite + " sender=" + sender
                    + " recipient=" + recipient + " message_id=" + HexFormat.of().formatHex(messageId)
                    + " timestamp_ms=" + timestampMs + " seq=" + seq + "}";
        }
    }

    /** Something a peer connection carries. */
    public sealed interface Message permits Open, Sealed, Error {
    }

    /** A PeerOpen; {@code headerBytes} are the header octets as received (the AAD). */
    public record Open(Header header, byte[] headerBytes, byte[] wrappedKey, byte[] signature, byte[] sealed)
            implements Message {
    }

    /** A PeerMessage. */
    public record Sealed(Header header, byte[] headerBytes, byte[] sealed) implements Message {
    }

    /** A PeerError [PM-ERR-1]. */
    public record Error(int version, int suite, int code) implements Message {
    }

    /** The plaintext of a seal [PM-BODY-1]. */
    public sealed interface Body permits Text, Receipt, KeyUpdate {
        int bodyType();
    }

    public record Text(String text) implements Body {
        public int bodyType() {
            return 1;
        }
    }

    public record Receipt(byte[] ackedId) implements Body {
        public Receipt {
            if (ackedId.length != MESSAGE_ID_LENGTH) {
                throw new IllegalArgumentException("acked_id must be 16 octets");
            }
            ackedId = ackedId.clone();
        }

        @Override
        public byte[] ackedId() {
            return ackedId.clone();
        }

        public int bodyType() {
            return 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Receipt r && Arrays.equals(ackedId, r.ackedId);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ackedId);
        }
    }

    public record KeyUpdate() implements Body {
        public int bodyType() {
            return 3;
        }
    }
}
