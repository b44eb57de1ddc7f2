package dev.parley.chat;

/**
 * One direction's AEAD state (spec/chat.md, "Key schedule"): traffic secret, key, IV, next sequence number and
 * the number of messages sealed or opened under the current secret [CH-SEQ-1] [CH-REKEY-1] [CH-REKEY-2].
 */
public final class SessionCipher {
    /** Messages one traffic secret may protect, the key_update included [CH-REKEY-1]. */
    public static final long RECORDS_PER_SECRET = 1L << 24;
    private final long recordsPerSecret;
    private byte[] trafficSecret;
    private byte[] key;
    private byte[] iv;
    private long seq;
    private long countUnderSecret;

    public SessionCipher(byte[] trafficSecret) {
        this(trafficSecret, RECORDS_PER_SECRET);
    }

    /** With a lower limit than {@link #RECORDS_PER_SECRET}, for test configurations. */
    public SessionCipher(byte[] trafficSecret, long recordsPerSecret) {
        if (recordsPerSecret < 2 || recordsPerSecret > RECORDS_PER_SECRET) {
            throw new IllegalArgumentException("records per traffic secret must be within [2, 2^24], was "
                    + recordsPerSecret);
        }
        this.recordsPerSecret = recordsPerSecret;
        install(trafficSecret);
    }

    private void install(byte[] ts) {
        this.trafficSecret = ts;
        this.key = KeySchedule.key(ts);
        this.iv = KeySchedule.iv(ts);
        this.countUnderSecret = 0;
    }

    public long nextSeq() {
        return seq;
    }

    /** nonce(direction, seq) = iv XOR (0^4 || uint64(seq)) [CH-KS-1]. */
    public static byte[] nonce(byte[] iv, long seq) {
        byte[] n = iv.clone();
        for (int i = 0; i < 8; i++) {
            n[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
        }
        return n;
    }

    /** Seals the next message; the caller supplies the AAD (which may name the sequence number). */
    public byte[] seal(byte[] aad, byte[] plaintext) {
        if (seq == Long.MAX_VALUE) {
            throw new IllegalStateException("sequence numbers exhausted [CH-REKEY-3]");
        }
        byte[] out = Suite1.gcmSeal(key, nonce(iv, seq), aad, plaintext);
        seq++;
        countUnderSecret++;
        return out;
    }

    /** True when the sender must send a key_update before sealing more [CH-REKEY-1]. */
    public boolean needsUpdate() {
        return countUnderSecret >= recordsPerSecret - 1;
    }

    /**
     * Receiving side: the peer sealed more messages under the current secret than the limit allows, the
     * key_update included, so the session must end with CH_REKEY_REQUIRED [CH-REKEY-2].
     */
    public boolean overLimit() {
        return countUnderSecret > recordsPerSecret;
    }

    /** Messages sealed or opened under the current traffic secret. */
    public long countUnderSecret() {
        return countUnderSecret;
    }

    /**
     * Opens the message expected next: {@code null} when the tag fails (nothing changes) [CH-SEQ-2].
     */
    public byte[] open(byte[] aad, byte[] ciphertext) {
        byte[] p = Suite1.gcmOpen(key, nonce(iv, seq), aad, ciphertext);
        if (p != null) {
            seq++;
            countUnderSecret++;
        }
        return p;
    }

    /** Switches to the next traffic secret; {@code seq} keeps counting [CH-REKEY-1] [CH-REKEY-2]. */
    public void update() {
        install(KeySchedule.next(trafficSecret));
    }
}
