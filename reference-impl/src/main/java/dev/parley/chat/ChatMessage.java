package dev.parley.chat;

/**
 * One chat-layer message (spec/chat.md, "Messages"): one framing-layer message each [CH-MSG-1]. Byte arrays
 * are the wire octets; {@link ChatCodec} turns these records into bytes and back.
 */
public sealed interface ChatMessage {
    int CLIENT_HELLO = 0x01;
    int CHALLENGE = 0x02;
    int LOGIN_REQUEST = 0x03;
    int ENVELOPE_RESPONSE = 0x04;
    int PROOF = 0x05;
    int WELCOME = 0x06;
    int SESSION_RECORD = 0x10;
    int ERROR = 0x7F;

    int VERSION = 1;
    int SUITE = 1;

    int msgType();

    /** ClientHello (0x01) [CH-HELLO-2]. */
    record ClientHello(int version, int suite, byte[] clientNonce, int paddingLength) implements ChatMessage {
        public int msgType() {
            return CLIENT_HELLO;
        }
    }

    /** The 74-octet challenge cookie [CH-COOKIE-2]. */
    record Cookie(int keyId, long timestampMs, int difficulty, byte[] serverNonce, byte[] mac) {
    }

    /** Challenge (0x02) [CH-COOKIE-3]. */
    record Challenge(int version, int suite, byte[] serverKey, Cookie cookie) implements ChatMessage {
        public int msgType() {
            return CHALLENGE;
        }
    }

    /** LoginRequest (0x03) [CH-POW-1]. */
    record LoginRequest(int version, int suite, byte[] clientNonce, Cookie cookie, String username,
            byte[] wrappedSecret, byte[] powSolution) implements ChatMessage {
        public int msgType() {
            return LOGIN_REQUEST;
        }
    }

    /** EnvelopeResponse (0x04), Proof (0x05), Welcome (0x06): header and AES-GCM ciphertext [CH-SEQ-1]. */
    record Sealed(int msgType, int version, int suite, byte[] sealed) implements ChatMessage {
    }

    /** Error (0x7F) [CH-MSG-4]. */
    record Error(int version, int suite, int code) implements ChatMessage {
        public int msgType() {
            return ERROR;
        }
    }

    /** SessionRecord (0x10) [CH-SEQ-2]. */
    record SessionRecord(long seq, byte[] sealed) implements ChatMessage {
        public int msgType() {
            return SESSION_RECORD;
        }
    }
}
