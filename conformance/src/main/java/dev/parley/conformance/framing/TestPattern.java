package dev.parley.conformance.framing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The adapter contract's test patterns [CF-PAT-1]: block {@code i} (from 0) is SHA-256 of the seed as
 * an 8-octet big-endian two's-complement integer followed by {@code i} as an 8-octet big-endian
 * integer; the pattern of {@code length} octets is the blocks concatenated and cut to
 * {@code length}. The suite computes what an IUT must have sent or received from this definition
 * alone.
 *
 * @param seed   the pattern's seed
 * @param length its length in octets
 */
public record TestPattern(long seed, long length) {

    private static final int BLOCK = 32;

    public TestPattern {
        if (length < 0) {
            throw new IllegalArgumentException("a test pattern's length is at least 0, was " + length);
        }
    }

    /** The whole pattern; for lengths a scenario holds in memory. */
    public byte[] bytes() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("pattern of " + length + " octets is too long to hold");
        }
        byte[] out = new byte[(int) length];
        MessageDigest sha256 = sha256();
        ByteBuffer input = ByteBuffer.allocate(16);
        for (long block = 0, at = 0; at < length; block++, at += BLOCK) {
            byte[] digest = block(sha256, input, block);
            System.arraycopy(digest, 0, out, (int) at, (int) Math.min(BLOCK, length - at));
        }
        return out;
    }

    /** Lower-case hex SHA-256 of the pattern, computed block by block without holding it. */
    public String sha256Hex() {
        MessageDigest blocks = sha256();
        MessageDigest whole = sha256();
        ByteBuffer input = ByteBuffer.allocate(16);
        for (long block = 0, at = 0; at < length; block++, at += BLOCK) {
            byte[] digest = block(blocks, input, block);
            whole.update(digest, 0, (int) Math.min(BLOCK, length - at));
        }
        return HexFormat.of().formatHex(whole.digest());
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private byte[] block(MessageDigest sha256, ByteBuffer input, long block) {
        input.clear();
        input.putLong(seed).putLong(block);
        return sha256.digest(input.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "test pattern of " + length + " octets with seed " + seed;
    }
}
