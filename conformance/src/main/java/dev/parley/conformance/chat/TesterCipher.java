package dev.parley.conformance.chat;

import static dev.parley.conformance.chat.TesterCrypto.ascii;
import static dev.parley.conformance.chat.TesterCrypto.hkdfExpand;

/**
 * One direction of a login's protection as the suite computes it (spec/chat.md, "Key schedule"):
 * {@code key}, {@code iv} and {@code next} from the direction's traffic secret, and
 * {@code nonce(seq) = iv XOR (uint32(0) || uint64(seq))}. It keeps no sequence number itself: the
 * suite names the number of every message it seals or opens, so it can also seal out of order.
 */
public final class TesterCipher {

    private final byte[] key;
    private final byte[] iv;
    private final byte[] next;

    public TesterCipher(byte[] trafficSecret) {
        this.key = hkdfExpand(trafficSecret, ascii("parley/1 key"), 32);
        this.iv = hkdfExpand(trafficSecret, ascii("parley/1 iv"), 12);
        this.next = hkdfExpand(trafficSecret, ascii("parley/1 next"), 32);
    }

    /** The cipher of the direction's following traffic secret (after a key_update). */
    public TesterCipher next() {
        return new TesterCipher(next);
    }

    public byte[] nonce(long seq) {
        byte[] n = iv.clone();
        for (int i = 0; i < 8; i++) {
            n[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
        }
        return n;
    }

    public byte[] seal(long seq, byte[] aad, byte[] plaintext) {
        return TesterCrypto.gcmSeal(key, nonce(seq), aad, plaintext);
    }

    /** The plaintext, or null when the tag does not verify. */
    public byte[] open(long seq, byte[] aad, byte[] sealed) {
        return TesterCrypto.gcmOpen(key, nonce(seq), aad, sealed);
    }
}
