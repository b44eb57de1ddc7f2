package dev.parley.chat.peer;

import dev.parley.chat.SessionCipher;
import dev.parley.chat.Suite1;

/**
 * One direction of a peer session (spec/messaging.md sections 5 and 6): traffic secret, key, IV, the next seq to
 * seal and the number of messages under the current secret [PM-SEQ-1] [PM-REKEY-1]. The receiving direction's
 * {@link ReplayWindow} is separate.
 */
public final class PeerCipher {
    private final long recordsPerSecret;
    private byte[] trafficSecret;
    private byte[] key;
    private byte[] iv;
    private long nextSeq;
    private long countUnderSecret;

    public PeerCipher(byte[] trafficSecret, long recordsPerSecret) {
        this.recordsPerSecret = recordsPerSecret;
        install(trafficSecret);
    }

    private void install(byte[] ts) {
        trafficSecret = ts;
        key = PeerKeys.key(ts);
        iv = PeerKeys.iv(ts);
        countUnderSecret = 0;
    }

    /** The seq the next {@link #seal} uses. */
    public long nextSeq() {
        return nextSeq;
    }

    /** Seals under {@link #nextSeq()} with {@code header} as the associated data, then counts up [PM-KS-1]. */
    public byte[] seal(byte[] header, byte[] body) {
        if (nextSeq == Long.MAX_VALUE) {
            throw new IllegalStateException("sequence numbers exhausted [PM-SEQ-1]");
        }
        byte[] out = Suite1.gcmSeal(key, SessionCipher.nonce(iv, nextSeq), header, body);
        nextSeq++;
        countUnderSecret++;
        return out;
    }

    /** Opens a message sealed at {@code seq}; {@code null} when the tag fails (nothing changes). */
    public byte[] open(long seq, byte[] header, byte[] sealed) {
        byte[] p = Suite1.gcmOpen(key, SessionCipher.nonce(iv, seq), header, sealed);
        if (p != null) {
            countUnderSecret++;
        }
        return p;
    }

    /** True when the sender must send a key_update before sealing more [PM-REKEY-1]. */
    public boolean needsUpdate() {
        return countUnderSecret >= recordsPerSecret - 1;
    }

    /** A receiver opened more than records_per_secret under one secret [PM-REKEY-1]. */
    public boolean overLimit() {
        return countUnderSecret > recordsPerSecret;
    }

    /** Switches to the next traffic secret; seq keeps counting [PM-REKEY-1]. */
    public void update() {
        install(PeerKeys.next(trafficSecret));
    }
}
