package dev.parley.chat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Test-only random source (it lives in src/test, so production code cannot enable it): the octet stream
 * SHA-256(seed || uint64(0)) || SHA-256(seed || uint64(1)) || ..., handed out in order whatever the sizes of
 * the calls. spec/tools/gen_chat_vectors.py implements the same stream.
 */
public final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private long counter;
    private byte[] block = new byte[0];
    private int pos;

    public DeterministicRandom(String seed) {
        super(new byte[0]);
        this.seed = seed.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        if (seed == null) { // called from the superclass constructor
            return;
        }
        for (int i = 0; i < out.length; i++) {
            if (pos == block.length) {
                block = Suite1.sha256(seed, ByteBuffer.allocate(8).putLong(counter++).array());
                pos = 0;
            }
            out[i] = block[pos++];
        }
    }

    @Override
    public void setSeed(long s) {
        // ignored: the stream depends on the constructor's seed only
    }

    @Override
    public void setSeed(byte[] s) {
    }

    @Override
    public byte[] generateSeed(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }
}
