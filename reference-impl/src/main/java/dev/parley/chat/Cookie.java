package dev.parley.chat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The stateless challenge cookie (spec/chat.md, "The challenge cookie"): two rotating secrets, minting and
 * verification. Holds nothing per client [CH-COOKIE-3]. Not thread-safe: one event loop owns it.
 */
public final class Cookie {
    private static final byte[] LABEL = Suite1.ascii("parley/1 cookie");
    private final SecureRandom random;
    private final long rotationMs;
    private final long freshnessMs;
    private byte[] current;
    private byte[] previous;
    private int currentId;
    private long rotatedAtMs;

    public Cookie(SecureRandom random, long rotationMs, long freshnessMs, long nowMs) {
        if (rotationMs < 1 || freshnessMs < 1) {
            throw new IllegalArgumentException("rotation and freshness must be positive");
        }
        this.random = random;
        this.rotationMs = rotationMs;
        this.freshnessMs = freshnessMs;
        this.current = fresh();
        this.currentId = 0;
        this.rotatedAtMs = nowMs;
    }

    public long freshnessMs() {
        return freshnessMs;
    }

    private byte[] fresh() {
        byte[] s = new byte[32];
        random.nextBytes(s); // [CH-COOKIE-1] from a cryptographic random source, never on disk
        return s;
    }

    private void rotateIfDue(long nowMs) {
        if (nowMs - rotatedAtMs >= rotationMs) { // [CH-COOKIE-1]
            previous = (nowMs - rotatedAtMs >= 2 * rotationMs) ? null : current;
            current = fresh();
            currentId = (currentId + 1) & 0xFF;
            rotatedAtMs = nowMs;
        }
    }

    /** The MAC over cookie_input [CH-COOKIE-2]. */
    public static byte[] mac(byte[] secret, int keyId, long timestampMs, int difficulty, byte[] serverNonce,
            byte[] clientNonce, Endpoint client) {
        byte[] ts = ByteBuffer.allocate(8).putLong(timestampMs).array();
        return Suite1.hmac(secret, LABEL, new byte[] {(byte) keyId}, ts, new byte[] {(byte) difficulty}, serverNonce,
                clientNonce, client.encode());
    }

    /** Mints a cookie with the current secret, a fresh server nonce and the given difficulty [CH-COOKIE-3]. */
    public ChatMessage.Cookie mint(byte[] clientNonce, Endpoint client, int difficulty, long nowMs) {
        rotateIfDue(nowMs);
        byte[] serverNonce = new byte[32];
        random.nextBytes(serverNonce);
        byte[] mac = mac(current, currentId, nowMs, difficulty, serverNonce, clientNonce, client);
        return new ChatMessage.Cookie(currentId, nowMs, difficulty, serverNonce, mac);
    }

    /**
     * Checks the key id, the MAC (constant time) and freshness, in that order; {@code null} when the cookie is
     * good, else {@link ChatError#BAD_COOKIE} or {@link ChatError#STALE_COOKIE}.
     */
    public ChatError verify(ChatMessage.Cookie c, byte[] clientNonce, Endpoint client, long nowMs) {
        rotateIfDue(nowMs);
        byte[] secret;
        if (c.keyId() == currentId) {
            secret = current;
        } else if (previous != null && c.keyId() == ((currentId - 1) & 0xFF)) {
            secret = previous;
        } else {
            return ChatError.BAD_COOKIE; // [CH-COOKIE-1] names no live secret
        }
        byte[] expected = mac(secret, c.keyId(), c.timestampMs(), c.difficulty(), c.serverNonce(), clientNonce, client);
        if (!MessageDigest.isEqual(expected, c.mac())) { // [CH-COOKIE-5] constant time
            return ChatError.BAD_COOKIE;
        }
        long ts = c.timestampMs();
        if (ts < nowMs - freshnessMs || ts > nowMs + 1000) { // [CH-COOKIE-4]
            return ChatError.STALE_COOKIE;
        }
        return null;
    }
}
