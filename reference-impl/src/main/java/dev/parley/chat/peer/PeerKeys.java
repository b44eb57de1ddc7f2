package dev.parley.chat.peer;

import dev.parley.chat.KeySchedule;
import dev.parley.chat.Suite1;
import java.nio.ByteBuffer;

/**
 * The peer session's key schedule (spec/messaging.md section 5): from the peer secret and the open hash to the
 * two directions' traffic secrets [PM-KS-1], and the octets the first message's signature covers [PM-SIG-1].
 */
public final class PeerKeys {
    public static final byte[] I2R = Suite1.ascii("parley/1 peer i2r");
    public static final byte[] R2I = Suite1.ascii("parley/1 peer r2i");
    public static final byte[] OPEN_LABEL = Suite1.ascii("parley/1 peer open");

    private final byte[] prk;
    private final byte[] secretI2r;
    private final byte[] secretR2i;

    public PeerKeys(byte[] peerSecret, byte[] openHash) {
        this.prk = Suite1.hkdfExtract(openHash, peerSecret);
        this.secretI2r = Suite1.hkdfExpand(prk, I2R, 32);
        this.secretR2i = Suite1.hkdfExpand(prk, R2I, 32);
    }

    public byte[] prk() {
        return prk.clone();
    }

    public byte[] secretI2r() {
        return secretI2r.clone();
    }

    public byte[] secretR2i() {
        return secretR2i.clone();
    }

    /** open_hash = H(PeerHeader || wrapped_key || fp(sender) || fp(recipient)). */
    public static byte[] openHash(byte[] header, byte[] wrappedKey, byte[] senderSpki, byte[] recipientSpki) {
        return Suite1.sha256(header, wrappedKey, Suite1.sha256(senderSpki), Suite1.sha256(recipientSpki));
    }

    /** signed_open of [PM-SIG-1]. */
    public static byte[] signedOpen(byte[] header, byte[] wrappedKey, byte[] senderSpki, byte[] recipientSpki,
            byte[] sealed) {
        byte[] len = ByteBuffer.allocate(2).putShort((short) wrappedKey.length).array();
        return Suite1.concat(OPEN_LABEL, header, len, wrappedKey, Suite1.sha256(senderSpki),
                Suite1.sha256(recipientSpki), sealed);
    }

    static byte[] key(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, KeySchedule.KEY, 32);
    }

    static byte[] iv(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, KeySchedule.IV, 12);
    }

    static byte[] next(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, KeySchedule.NEXT, 32);
    }
}
