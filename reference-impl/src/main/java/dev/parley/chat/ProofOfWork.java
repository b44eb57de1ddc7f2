package dev.parley.chat;

import java.security.MessageDigest;

/**
 * The login puzzle (spec/chat.md, "Proof of work"): SHA-256 over "parley/1 pow" and the whole LoginRequest,
 * whose last 8 octets are the solution, must begin with {@code difficulty} zero bits [CH-POW-1].
 */
public final class ProofOfWork {
    public static final byte[] LABEL = Suite1.ascii("parley/1 pow");

    private ProofOfWork() {
    }

    /** The puzzle hash of a whole LoginRequest as sent. */
    public static byte[] hash(byte[] loginRequest) {
        return Suite1.sha256(LABEL, loginRequest);
    }

    public static boolean check(byte[] loginRequest, int difficulty) {
        return Suite1.leadingZeroBits(hash(loginRequest)) >= difficulty;
    }

    /**
     * Fills the last 8 octets of {@code loginRequest} with a solution, counting from {@code start}; hashes the
     * fixed prefix once and reuses the state [CH-POW-2]. Returns the number of attempts.
     */
    public static long solve(byte[] loginRequest, int difficulty, long start) {
        int off = loginRequest.length - 8;
        MessageDigest prefix = Suite1.sha256Digest();
        prefix.update(LABEL);
        prefix.update(loginRequest, 0, off);
        for (long attempts = 1, v = start; ; attempts++, v++) {
            for (int i = 0; i < 8; i++) {
                loginRequest[off + i] = (byte) (v >>> (56 - 8 * i));
            }
            MessageDigest d;
            try {
                d = (MessageDigest) prefix.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            d.update(loginRequest, off, 8);
            if (Suite1.leadingZeroBits(d.digest()) >= difficulty) {
                return attempts;
            }
        }
    }
}
