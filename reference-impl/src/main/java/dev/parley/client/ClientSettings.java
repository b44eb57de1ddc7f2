package dev.parley.client;

import dev.parley.chat.ChatCodec;
import java.net.InetSocketAddress;

/**
 * What {@code parley client} was told: who logs in, where the server is, and the server key pinned out of band,
 * as SPKI or as a fingerprint, exactly one [CH-PIN-1].
 */
public record ClientSettings(String username, char[] password, InetSocketAddress server, InetSocketAddress bind,
        byte[] pinnedSpki, String pinnedFingerprint, int maxDifficulty, long loginTimeoutMs) {

    /** A client's default bound on the proof-of-work difficulty it accepts (spec/chat.md, "Parameters"). */
    public static final int DEFAULT_MAX_DIFFICULTY = 28;
    public static final long DEFAULT_LOGIN_TIMEOUT_MS = 30_000;

    public ClientSettings {
        if (!ChatCodec.validUsername(username)) {
            throw new IllegalArgumentException("not a valid username: " + username);
        }
        if ((pinnedSpki == null) == (pinnedFingerprint == null)) {
            throw new IllegalArgumentException("pin the server key by a key file or by a fingerprint, exactly one");
        }
        if (pinnedFingerprint != null && !pinnedFingerprint.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a server key fingerprint is 64 hexadecimal digits");
        }
    }
}
