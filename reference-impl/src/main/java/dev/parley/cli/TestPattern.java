package dev.parley.cli;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The adapter contract's deterministic message contents (spec/conformance.md, "Test patterns"): block
 * {@code i} is SHA-256 of the 8-byte big-endian seed followed by the 8-byte big-endian {@code i}; a pattern
 * of {@code length} bytes is the blocks concatenated and cut to {@code length}. Any language can produce it.
 */
final class TestPattern {

    private TestPattern() {
    }

    static byte[] generate(long seed, int length) {
        MessageDigest sha256 = sha256();
        byte[] out = new byte[length];
        ByteBuffer input = ByteBuffer.allocate(16);
        for (long block = 0, at = 0; at < length; block++, at += 32) {
            input.clear();
            input.putLong(seed).putLong(block);
            byte[] digest = sha256.digest(input.array());
            System.arraycopy(digest, 0, out, (int) at, (int) Math.min(32, length - at));
        }
        return out;
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
