package dev.parley.chat;

import java.util.List;

/** The plaintexts sealed in handshake messages and session records (spec/chat.md, "Messages", "Session"). */
public final class Bodies {
    private Bodies() {
    }

    /** Plaintext of an EnvelopeResponse, padded to {@link ChatCodec#ENVELOPE_BODY_LENGTH} [CH-ENV-2]. */
    public record EnvelopeBody(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] envelope) {
    }

    /** Plaintext of a Proof [CH-POP-1]. */
    public record ProofBody(int peerPort, byte[] signature) {
    }

    /** Plaintext of a Welcome [CH-PRES-1]. */
    public record WelcomeBody(long heartbeatIntervalMs, long sessionTimeoutMs, Endpoint observed, long serverTimeMs) {
    }

    public static final int LIST_REQUEST = 1;
    public static final int LIST_RESPONSE = 2;
    public static final int LOOKUP_REQUEST = 3;
    public static final int LOOKUP_RESPONSE = 4;
    public static final int HEARTBEAT = 5;
    public static final int HEARTBEAT_ACK = 6;
    public static final int LOGOUT = 7;
    public static final int LOGOUT_ACK = 8;
    public static final int KEY_UPDATE = 9;
    public static final int ERROR_RESPONSE = 10;

    /** Plaintext of a SessionRecord [CH-REQ-1]. */
    public sealed interface SessionBody {
        int bodyType();

        long requestId();
    }

    /** A body without fields: list_request, heartbeat, heartbeat_ack, logout, logout_ack, key_update. */
    public record Simple(int bodyType, long requestId) implements SessionBody {
    }

    public record ListResponse(long requestId, List<String> users) implements SessionBody {
        public int bodyType() {
            return LIST_RESPONSE;
        }
    }

    public record LookupRequest(long requestId, String username) implements SessionBody {
        public int bodyType() {
            return LOOKUP_REQUEST;
        }
    }

    /** status 0 (online): publicKey and endpoint present; status 1: both null [CH-REQ-3]. */
    public record LookupResponse(long requestId, String username, byte[] publicKey, Endpoint endpoint)
            implements SessionBody {
        public int bodyType() {
            return LOOKUP_RESPONSE;
        }

        public boolean online() {
            return publicKey != null;
        }
    }

    public record ErrorResponse(long requestId, int code) implements SessionBody {
        public int bodyType() {
            return ERROR_RESPONSE;
        }
    }

    /** A body type not in the registry, kept raw so it can be answered with CH_UNKNOWN_REQUEST [CH-REQ-4]. */
    public record Unknown(int bodyType, long requestId, byte[] fields) implements SessionBody {
    }
}
